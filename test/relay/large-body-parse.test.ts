// The large-body path: long plain strings kept out of JSON.parse and sent upstream as the body's
// own bytes must give exactly the value and the JSON the plain path gives, escapes and all.
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
    const parsed = parseJsonBody(body, limits, NODE_FAST_BYTES);
    expect(parsed.params).toEqual(value);
    expect(parsed.rawStrings.map((raw) => raw.text.length)).toEqual([a.length, b.length]);
    expect(parsed.rawStrings.every((raw) => Buffer.from(raw.bytes).toString('latin1') === raw.text)).toBe(true);
    expect(parseJsonBody(body, limits).params).toEqual(value);
  });

  it('leaves long strings with escapes or non-ASCII text to JSON.parse', () => {
    const escaped = { ImageList: [`${big('AB')}\\n${big('CD')}`] };
    const parsedEscaped = parseJsonBody(utf8(JSON.stringify(escaped)), limits, NODE_FAST_BYTES);
    expect(parsedEscaped.params).toEqual(escaped);
    expect(parsedEscaped.rawStrings).toHaveLength(0);
    const accented = { ImageList: [big('é')] };
    const parsedAccented = parseJsonBody(utf8(JSON.stringify(accented)), limits, NODE_FAST_BYTES);
    expect(parsedAccented.params).toEqual(accented);
    expect(parsedAccented.rawStrings).toHaveLength(0);
  });

  it('applies the same limits and errors to a long string outside ImageList', () => {
    const body = utf8(JSON.stringify({ Action: 'GenerateBackgrounds', PositivePrompts: [big('x')] }));
    const error = relayHttpErrorOf(() => parseJsonBody(body, limits, NODE_FAST_BYTES));
    expect(error.publicMessage).toBe('PositivePrompts[0]: the text is longer than 1000 bytes.');
    expect(error.field).toBe('PositivePrompts[0]');
  });

  it('still refuses invalid JSON and prototype keys', () => {
    expect(relayHttpErrorOf(() => parseJsonBody(utf8(`{"ImageList":["${big('A')}"]`), limits, NODE_FAST_BYTES)).publicMessage).toMatch(/not valid JSON/);
    expect(relayHttpErrorOf(() => parseJsonBody(utf8(`{"ImageList":["${big('A')}`), limits, NODE_FAST_BYTES)).publicMessage).toMatch(/not valid JSON/);
    const proto = relayHttpErrorOf(() => parseJsonBody(utf8(`{"__proto__":{"x":"${big('A')}"}}`), limits, NODE_FAST_BYTES));
    expect(proto.publicMessage).toContain('__proto__');
  });

  it('does not mistake a short string of the body for a stand-in', () => {
    const value = { Note: '\u0000raw-0', ImageList: [big('A')] };
    expect(parseJsonBody(utf8(JSON.stringify(value)), limits, NODE_FAST_BYTES).params).toEqual(value);
  });
});

describe('encodeUpstreamPieces', () => {
  it('writes the same JSON as encodeUpstreamBody, sending the raw image bytes as they are', () => {
    const image = `data:image/png;base64,${big('iVBORw0KGgo')}`;
    const body = utf8(JSON.stringify({ Action: 'GenerateBackgrounds', ImageList: [image, 'QUFB'] }));
    const { params, rawStrings } = parseJsonBody(body, limits, NODE_FAST_BYTES);
    const envelope = { ...params, PublicKey: 'pk', Signature: 'abc' };
    const pieces = encodeUpstreamPieces(envelope, rawStrings);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces).toContain(rawStrings[0]?.bytes);
    expect(joined(pieces)).toBe(new TextDecoder().decode(encodeUpstreamBody(envelope)));
    expect(encodeUpstreamPieces({ Action: 'ListModels' }, [])).toEqual([encodeUpstreamBody({ Action: 'ListModels' })]);
  });
});

describe('parseJsonBody with the shape scan\'s image spans', () => {
  const scanned = (body: Uint8Array, chunk = 4096) => {
    const scanner = createJsonShapeScanner({ maxElements: 1000, maxDepth: 8, maxStringBytes: 100_000 }, NODE_FAST_BYTES);
    for (let at = 0; at < body.byteLength; at += chunk) scanner.feed(body.subarray(at, at + chunk));
    return scanner.imageSpans();
  };

  it('finds every image, across chunk edges, and parses to what the search for long strings gives', () => {
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
    const searched = parseJsonBody(body, wide, NODE_FAST_BYTES);
    expect(fromSpans.params).toEqual(value);
    expect(fromSpans.rawStrings.map((raw) => raw.text)).toEqual(searched.rawStrings.map((raw) => raw.text));
    expect(fromSpans.rawStrings.map((raw) => raw.bytes.byteOffset)).toEqual(searched.rawStrings.map((raw) => raw.bytes.byteOffset));
  });

  it('leaves a long text outside the image fields to JSON.parse, which the string limit then refuses as before', () => {
    const value = { Action: 'GenerateBackgrounds', PositivePrompts: [big('a b ', 90_000)], ImageList: ['AAAA'] };
    const body = utf8(JSON.stringify(value));
    const at = Buffer.from(body).indexOf('"ImageList":["') + '"ImageList":["'.length;
    expect(scanned(body)).toEqual([[at, at + 4]]); // the long prompt is no image
    const withSpans = relayHttpErrorOf(() => parseJsonBody(body, limits, NODE_FAST_BYTES, scanned(body)));
    const searched = relayHttpErrorOf(() => parseJsonBody(body, limits, NODE_FAST_BYTES));
    expect(withSpans.publicMessage).toBe(searched.publicMessage);
    expect(withSpans.publicMessage).toMatch(/^PositivePrompts\[0\]: the text is longer than 1000 bytes/);
  });
});
