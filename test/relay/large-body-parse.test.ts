// The large-body path: the base64 images the shape scan finds, kept out of JSON.parse and sent
// upstream as the body's own bytes, must give exactly the value and the JSON the plain path gives.
import { describe, expect, it } from 'vitest';
import { encodeUpstreamBody, encodeUpstreamPieces } from '../../src/relay/encode-upstream-body';
import { parseJsonBody } from '../../src/relay/read-json-body';
import { createJsonShapeScanner } from '../../src/relay/json-shape-scan';
import { NODE_FAST_BYTES } from '../../src/relay/serve';
import { relayHttpErrorOf } from './relay-fixtures';

const limits = { maxDepth: 8, maxStringBytes: 1000, allowsLargeString: (path: readonly (string | number)[]) => path.length === 2 && path[0] === 'ImageList' };
const big = (seed: string, length = 70_000) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
const utf8 = (text: string) => new TextEncoder().encode(text);
const joined = (pieces: Uint8Array[]) => Buffer.concat(pieces.map((piece) => Buffer.from(piece))).toString('utf8');

/** The image spans the relay's shape scan finds in `body`, fed in chunks as it arrives. */
const scanned = (body: Uint8Array, chunk = 4096) => {
  const scanner = createJsonShapeScanner({ maxElements: 1000, maxDepth: 8, maxStringBytes: 100_000 }, NODE_FAST_BYTES);
  for (let at = 0; at < body.byteLength; at += chunk) scanner.feed(body.subarray(at, at + chunk));
  return scanner.imageSpans();
};
/** parseJsonBody as the relay calls it: native helpers and the scan's spans. */
const parsedFast = (body: Uint8Array, bodyLimits = limits) => parseJsonBody(body, bodyLimits, NODE_FAST_BYTES, scanned(body));

describe('parseJsonBody with native byte helpers', () => {
  it('gives the same value as JSON.parse, with escaped quotes and backslashes around long strings', () => {
    const a = `data:image/png;base64,${big('iVBORw0KGgo+/')}`;
    const b = big('QUJD');
    const value = {
      Action: 'GenerateBackgrounds',
      PositivePrompts: ['say \\"hi\\" \\\\', 'é ü 漢字', 'tab\there'],
      ImageList: [a, 'AAAA', b],
      Nested: { quote: '"', slash: '\\"' },
    };
    const body = utf8(JSON.stringify(value));
    const parsed = parsedFast(body);
    expect(parsed.params).toEqual(value);
    expect(parsed.rawStrings.map((raw) => raw.text.length)).toEqual([a.length, b.length]);
    expect(parsed.rawStrings.every((raw) => Buffer.from(raw.bytes).toString('latin1') === raw.text)).toBe(true);
    expect(parseJsonBody(body, limits, undefined, scanned(body)).params).toEqual(value);
  });

  it('leaves long strings with escapes or non-ASCII text to JSON.parse', () => {
    // The shape scan refuses an image with escapes before any parse; found by no scan, it is parsed plainly.
    const escaped = { ImageList: [`${big('AB')}\\n${big('CD')}`] };
    const parsedEscaped = parseJsonBody(utf8(JSON.stringify(escaped)), limits, NODE_FAST_BYTES, []);
    expect(parsedEscaped.params).toEqual(escaped);
    expect(parsedEscaped.rawStrings).toHaveLength(0);
    const accented = { ImageList: [big('é')] };
    const parsedAccented = parsedFast(utf8(JSON.stringify(accented)));
    expect(parsedAccented.params).toEqual(accented);
    expect(parsedAccented.rawStrings).toHaveLength(0);
  });

  it('applies the same limits and errors to a long string outside ImageList', () => {
    const body = utf8(JSON.stringify({ Action: 'GenerateBackgrounds', PositivePrompts: [big('x')] }));
    const error = relayHttpErrorOf(() => parsedFast(body));
    expect(error.publicMessage).toBe('PositivePrompts[0]: the text is longer than 1000 bytes.');
    expect(error.field).toBe('PositivePrompts[0]');
  });

  it('still refuses invalid JSON and prototype keys', () => {
    expect(relayHttpErrorOf(() => parsedFast(utf8(`{"ImageList":["${big('A')}"]`))).publicMessage).toMatch(/not valid JSON/);
    expect(relayHttpErrorOf(() => parsedFast(utf8(`{"ImageList":["${big('A')}`))).publicMessage).toMatch(/not valid JSON/);
    const proto = relayHttpErrorOf(() => parsedFast(utf8(`{"__proto__":{"x":"${big('A')}"}}`)));
    expect(proto.publicMessage).toContain('__proto__');
  });

  it('does not mistake a short string of the body for a stand-in', () => {
    const value = { Note: '\u0000raw-0', ImageList: [big('A')] };
    expect(parsedFast(utf8(JSON.stringify(value))).params).toEqual(value);
  });
});

describe('encodeUpstreamPieces', () => {
  it('writes the same JSON as encodeUpstreamBody, sending the raw image bytes as they are', () => {
    const image = `data:image/png;base64,${big('iVBORw0KGgo')}`;
    const body = utf8(JSON.stringify({ Action: 'GenerateBackgrounds', ImageList: [image, 'QUFB'] }));
    const { params, rawStrings } = parsedFast(body);
    const envelope = { ...params, PublicKey: 'pk', Signature: 'abc' };
    const pieces = encodeUpstreamPieces(envelope, rawStrings);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces).toContain(rawStrings[0]?.bytes);
    expect(joined(pieces)).toBe(new TextDecoder().decode(encodeUpstreamBody(envelope)));
    expect(encodeUpstreamPieces({ Action: 'ListModels' }, [])).toEqual([encodeUpstreamBody({ Action: 'ListModels' })]);
  });
});

describe('the shape scan\'s image spans', () => {
  it('find every image, across chunk edges, and parseJsonBody cuts out the long ones as their own bytes', () => {
    const a = `data:image/png;base64,${big('iVBORw0KGgo+/')}`;
    const b = big('QUJD', 90_000);
    const mask = big('TWFzaw==', 80_000);
    const value = { Action: 'RemoveContents', PositivePrompts: ['"quoted" \\ text'], ImageList: [a, 'AAAA', b], RawImage: mask, Note: 'x' };
    const body = utf8(JSON.stringify(value));
    const spans = scanned(body);
    const text = Buffer.from(body).toString('latin1');
    expect(spans.map(([start, end]) => text.slice(start, end))).toEqual([a, 'AAAA', b, mask]);
    const wide = { ...limits, allowsLargeString: (path: readonly (string | number)[]) => path[0] === 'ImageList' || path[0] === 'RawImage' };
    const fromSpans = parseJsonBody(body, wide, NODE_FAST_BYTES, spans);
    expect(fromSpans.params).toEqual(value);
    expect(fromSpans.rawStrings.map((raw) => raw.text)).toEqual([a, b, mask]);
    expect(fromSpans.rawStrings.map((raw) => raw.bytes.byteOffset)).toEqual([spans[0]?.[0], spans[2]?.[0], spans[3]?.[0]]);
  });

  it('leave a long text outside the image fields to JSON.parse, which the string limit then refuses', () => {
    const value = { Action: 'GenerateBackgrounds', PositivePrompts: [big('a b ', 90_000)], ImageList: ['AAAA'] };
    const body = utf8(JSON.stringify(value));
    const at = Buffer.from(body).indexOf('"ImageList":["') + '"ImageList":["'.length;
    expect(scanned(body)).toEqual([[at, at + 4]]); // the long prompt is no image
    const withSpans = relayHttpErrorOf(() => parsedFast(body));
    expect(withSpans.field).toBe('PositivePrompts[0]');
    expect(withSpans.publicMessage).toMatch(/^PositivePrompts\[0\]: the text is longer than 1000 bytes/);
  });
});
