// Reading a request body safely: a byte cap counted while streaming (not trusted from
// Content-Length), then JSON with limits on nesting, string size and prototype-polluting keys.
import { RelayError } from './relay-error';

const DIRECT_READ_MAX_BYTES = 256 * 1024;

/**
 * Reads the whole body into one buffer, failing with 413 as soon as more than `limitBytes`
 * arrive. A declared Content-Length over the limit fails before reading anything.
 */
export async function readBodyLimitedAsync(request: Request, limitBytes: number): Promise<Uint8Array> {
  const tooLarge = (detail: string): RelayError =>
    new RelayError(413, `The request is larger than this relay accepts (${limitBytes} bytes). Use a smaller image or output size.`, {
      detail,
    });
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limitBytes) {
    throw tooLarge(`Content-Length ${declared} > ${limitBytes}`);
  }
  const expected = declared !== null && /^\d+$/.test(declared) ? Number(declared) : undefined;
  // Small bodies of a declared length (every poll) take the runtime's direct read: on Node it
  // skips building a web stream. The runtime never delivers more than the declared length.
  if (expected !== undefined && expected <= DIRECT_READ_MAX_BYTES) {
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.byteLength > limitBytes) throw tooLarge(`read ${body.byteLength} bytes`);
    return body;
  }
  if (request.body === null) return new Uint8Array(0);
  // With a declared length the bytes go straight into one buffer; otherwise chunks are joined.
  const reader = request.body.getReader();
  let chunks: Uint8Array[] = [];
  let target = expected !== undefined ? new Uint8Array(expected) : undefined;
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (received + value.byteLength > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(`streamed more than ${limitBytes} bytes`);
    }
    if (target !== undefined && received + value.byteLength <= target.byteLength) target.set(value, received);
    else {
      if (target !== undefined) chunks.push(target.subarray(0, received)); // more than declared: keep going, joined below
      target = undefined;
      chunks.push(value);
    }
    received += value.byteLength;
  }
  if (target !== undefined) return received === target.byteLength ? target : target.subarray(0, received);
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  chunks = [];
  return body;
}

/** The body as text; bytes that are not UTF-8 are refused rather than silently replaced. */
export function decodeUtf8Body(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new RelayError(400, 'The body is not valid JSON (it is not UTF-8 text).', {
      detail: `invalid UTF-8: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

export interface JsonLimits {
  maxDepth: number;
  maxStringBytes: number;
  /** Paths whose strings may exceed maxStringBytes (base64 images); the body limit still applies. */
  allowsLargeString: (path: readonly (string | number)[]) => boolean;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `a.b[0].c` from path segments, the same notation the contract's issues use. */
export function formatJsonPath(path: readonly (string | number)[]): string {
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

function checkLimits(value: unknown, limits: JsonLimits, path: (string | number)[]): void {
  if (typeof value === 'string') {
    if (utf8Length(value, limits.maxStringBytes) > limits.maxStringBytes && !limits.allowsLargeString(path)) {
      throw new RelayError(400, `${formatJsonPath(path)}: the text is longer than ${limits.maxStringBytes} bytes.`, {
        field: formatJsonPath(path),
        detail: 'string limit',
      });
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (path.length >= limits.maxDepth) {
    const where = formatJsonPath(path) || 'body';
    throw new RelayError(400, `${where}: nested deeper than ${limits.maxDepth} levels.`, { field: where, detail: 'depth limit' });
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      path.push(i);
      checkLimits(value[i], limits, path);
      path.pop();
    }
    return;
  }
  for (const key of Object.keys(value)) {
    path.push(key);
    if (FORBIDDEN_KEYS.has(key)) {
      const where = formatJsonPath(path);
      throw new RelayError(400, `${where}: the key "${key}" is not allowed.`, { field: where, detail: 'forbidden key' });
    }
    checkLimits((value as Record<string, unknown>)[key], limits, path);
    path.pop();
  }
}

/**
 * Parses a JSON object body and enforces the limits. JSON.parse defines `__proto__` as an own
 * key (it never sets the prototype), so the walk sees and rejects it before anything reads it.
 */
export function parseGuardedJsonObject(text: string, limits: JsonLimits): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // The parser's message may quote the body, so it goes to the caller (their own text), not the log.
    throw new RelayError(400, `The body is not valid JSON (${reason.slice(0, 160)}).`, { detail: 'invalid JSON' });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RelayError(400, 'The body must be a JSON object with an Action field.', { detail: `got ${value === null ? 'null' : typeof value}` });
  }
  checkLimits(value, limits, []);
  return value as Record<string, unknown>;
}
