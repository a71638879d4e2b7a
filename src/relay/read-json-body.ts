// Parsing a request body safely: JSON with limits on nesting, string size, list length and
// prototype-polluting keys (read-body-limited.ts reads the bytes).
import { RelayHttpError } from './relay-http-error';

/** Native byte helpers a runtime may offer (the Node entry does); the portable path works without. */
export interface FastBytes {
  /** The bytes as text when every byte is ASCII, else null. */
  decodeAscii: (bytes: Uint8Array) => string | null;
  /** Like bytes.indexOf(byte, from), at memchr speed. */
  indexOf: (bytes: Uint8Array, byte: number, from: number) => number;
}

/**
 * The body as text; bytes that are not UTF-8 are refused rather than silently replaced. ASCII
 * bodies (base64 images are) take `fastBytes.decodeAscii` when given: on Node a 20 MB body decodes
 * in a few ms that way, against ~70 ms for the strict TextDecoder.
 */
export function decodeUtf8Body(bytes: Uint8Array, fastBytes?: FastBytes): string {
  const ascii = fastBytes?.decodeAscii(bytes);
  if (typeof ascii === 'string') return ascii;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new RelayHttpError(400, 'The body is not valid JSON (it is not UTF-8 text).', {
      detail: `invalid UTF-8: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

export interface JsonLimits {
  maxDepth: number;
  maxStringBytes: number;
  /** Paths whose strings may exceed maxStringBytes (base64 images); the body limit still applies. */
  allowsLargeString: (path: readonly (string | number)[]) => boolean;
  /** Entries in any one list; unbounded when absent. */
  maxListItems?: number;
}

/** Keys are field names: none of PICPIK's is longer than a few dozen characters. */
const MAX_KEY_LENGTH = 128;
/** How much of an over-long key an error shows. */
const SHOWN_KEY_LENGTH = 64;

/** A UTF-16 surrogate without its partner: no UTF-8 spelling, so it could never be signed as sent. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function refuseLoneSurrogate(where: string): RelayHttpError {
  return new RelayHttpError(400, `${where}: the text holds a lone UTF-16 surrogate (such as "\\ud800"), which is not valid Unicode.`, {
    field: where,
    detail: 'lone surrogate',
  });
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `a.b[0].c` from path segments, the same notation the contract's issues use. */
function formatJsonPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text;
}

function utf8Length(text: string, stopAbove: number): number {
  if (text.length > stopAbove) return text.length; // every UTF-16 unit is at least one byte
  if (text.length * 3 <= stopAbove) return text.length; // cannot exceed the limit whatever it holds
  return new TextEncoder().encode(text).byteLength;
}

function checkLimits(value: unknown, limits: JsonLimits, path: (string | number)[], restore?: Restore): void {
  if (typeof value === 'string') {
    const large = utf8Length(value, limits.maxStringBytes) > limits.maxStringBytes;
    if (large && !limits.allowsLargeString(path)) {
      throw new RelayHttpError(400, `${formatJsonPath(path)}: the text is longer than ${limits.maxStringBytes} bytes.`, {
        field: formatJsonPath(path),
        detail: 'string limit',
      });
    }
    // Large strings are the images: plain ASCII, checked by the contract's base64 rule.
    if (!large && LONE_SURROGATE.test(value)) throw refuseLoneSurrogate(formatJsonPath(path));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (path.length >= limits.maxDepth) {
    const where = formatJsonPath(path) || 'body';
    throw new RelayHttpError(400, `${where}: nested deeper than ${limits.maxDepth} levels.`, { field: where, detail: 'depth limit' });
  }
  if (Array.isArray(value)) {
    if (limits.maxListItems !== undefined && value.length > limits.maxListItems) {
      const where = formatJsonPath(path) || 'body';
      throw new RelayHttpError(400, `${where}: the list holds ${value.length} entries; at most ${limits.maxListItems} are accepted (RELAY_MAX_LIST_ITEMS).`, {
        field: where,
        detail: 'list limit',
      });
    }
    for (let i = 0; i < value.length; i += 1) {
      path.push(i);
      if (restore && typeof value[i] === 'string') value[i] = restore(value[i] as string);
      checkLimits(value[i], limits, path, restore);
      path.pop();
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key.length > MAX_KEY_LENGTH) {
      const where = formatJsonPath([...path, `${key.slice(0, SHOWN_KEY_LENGTH)}...`]);
      throw new RelayHttpError(400, `${where}: a field name longer than ${MAX_KEY_LENGTH} characters is not a PICPIK parameter.`, {
        field: where,
        detail: 'key length limit',
      });
    }
    if (LONE_SURROGATE.test(key)) throw refuseLoneSurrogate(formatJsonPath([...path, key]));
    path.push(key);
    if (FORBIDDEN_KEYS.has(key)) {
      const where = formatJsonPath(path);
      throw new RelayHttpError(400, `${where}: the key "${key}" is not allowed.`, { field: where, detail: 'forbidden key' });
    }
    if (restore && typeof record[key] === 'string') record[key] = restore(record[key] as string);
    checkLimits(record[key], limits, path, restore);
    path.pop();
  }
}

/** Puts a long string back where the parsed text held its stand-in; other strings unchanged. */
type Restore = (value: string) => string;

/**
 * Parses a JSON object body and enforces the limits. JSON.parse defines `__proto__` as an own
 * key (it never sets the prototype), so the walk sees and rejects it before anything reads it.
 */
export function parseGuardedJsonObject(text: string, limits: JsonLimits, restore?: Restore): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // The parser's message may quote the body, so it goes to the caller (their own text), not the log.
    throw new RelayHttpError(400, `The body is not valid JSON (${reason.slice(0, 160)}).`, { detail: 'invalid JSON' });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RelayHttpError(400, 'The body must be a JSON object with an Action field.', { detail: `got ${value === null ? 'null' : typeof value}` });
  }
  checkLimits(value, limits, [], restore);
  return value as Record<string, unknown>;
}

/** A long string of the body: its text, and the body bytes that spell it (no escapes, ASCII). */
export interface RawString {
  text: string;
  bytes: Uint8Array;
}

export interface ParsedBody {
  params: Record<string, unknown>;
  /** Long strings still backed by the body's own bytes, which can go upstream as they are. */
  rawStrings: RawString[];
}

/** String literals at least this long (and above the string limit) are kept out of JSON.parse. */
const RAW_STRING_MIN_BYTES = 64 * 1024;
/**
 * Parses a JSON object body under the limits. With native byte helpers, long base64 images (the
 * [start, end) `imageSpans` the shape scan found in `bytes`: json-shape-scan.ts) are cut out
 * before JSON.parse, which otherwise scans and copies a 20 MB image at ~150 ms, and come back as
 * text made straight from their bytes; those bytes are returned too, so the upstream body can
 * reuse them instead of encoding the text again. Any other long text is parsed as it is, and
 * refused by the string limit. Without the helpers, or for an image that is not plain ASCII, it
 * is the plain decode-and-parse.
 */
export function parseJsonBody(bytes: Uint8Array, limits: JsonLimits, fastBytes: FastBytes | undefined, imageSpans: readonly (readonly [number, number])[]): ParsedBody {
  const minLength = Math.max(RAW_STRING_MIN_BYTES, limits.maxStringBytes + 1);
  const spans = fastBytes ? imageSpans.filter(([start, end]) => end - start >= minLength) : [];
  if (fastBytes && spans.length > 0) {
    const rawStrings: RawString[] = [];
    for (const [start, end] of spans) {
      const raw = bytes.subarray(start, end);
      const text = fastBytes.decodeAscii(raw);
      if (text === null) break;
      rawStrings.push({ text, bytes: raw });
    }
    if (rawStrings.length === spans.length) {
      // Stand-ins (written as JSON escapes) that no body can predict.
      const marker = `\\u0000raw-${Math.random().toString(36).slice(2)}-`;
      const parts: string[] = [];
      let from = 0;
      spans.forEach(([start, end], i) => {
        parts.push(decodeUtf8Body(bytes.subarray(from, start), fastBytes), `${marker}${i}`);
        from = end;
      });
      parts.push(decodeUtf8Body(bytes.subarray(from), fastBytes));
      const text = parts.join('');
      const standIn = JSON.parse(`"${marker}"`) as string;
      const restore: Restore = (value) => {
        if (!value.startsWith(standIn)) return value;
        const index = value.slice(standIn.length);
        return (/^\d{1,6}$/.test(index) ? rawStrings[Number(index)]?.text : undefined) ?? value;
      };
      return { params: parseGuardedJsonObject(text, limits, restore), rawStrings };
    }
  }
  return { params: parseGuardedJsonObject(decodeUtf8Body(bytes, fastBytes), limits), rawStrings: [] };
}
