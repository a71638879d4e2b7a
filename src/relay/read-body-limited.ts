// Reading a request body safely: a byte cap counted while streaming (not trusted from
// Content-Length), a minimum arrival rate, a hook for the shape scan and the in-flight budget,
// and a refused body's rest dropped so its client still reads the answer.
import { RelayHttpError } from './relay-http-error';

const DIRECT_READ_MAX_BYTES = 256 * 1024;

/** The body's bytes as they arrive: a web stream's reader, or the runtime's own (see BodyReadOptions.openReader). */
export interface BodyReader {
  read(): Promise<{ done: true; value?: Uint8Array | undefined } | { done: false; value: Uint8Array }>;
  /** Stops reading and drops the rest. */
  cancel(): Promise<void>;
}

/** A runtime's way to open a request's body itself, from the adapter's bindings (undefined: read the web stream). */
export type OpenBodyReader = (env: unknown) => (() => BodyReader) | undefined;

export interface BodyReadOptions {
  /** Sees every chunk as it arrives (the shape scan); may throw to stop reading. */
  onChunk?: (chunk: Uint8Array) => void;
  /**
   * Sees every chunk read from the body's stream once it is kept: the view of the body where it
   * landed and its offset (small bodies read whole are not streamed and never reach it).
   */
  onStored?: (stored: Uint8Array, at: number) => void;
  /** Hears a refusal as soon as it happens, before the refused body's rest is read and dropped. */
  onRefused?: () => void;
  /** Counts bytes against the in-flight budget: the declared length up front, else as they come. */
  reserve?: (bytes: number) => void;
  /** After `graceMs`, the body must keep arriving at this rate or the read fails with 408. */
  minBytesPerSec?: number;
  graceMs?: number;
  now?: () => number;
  /**
   * Opens the body as the runtime delivers it, for bodies read as a stream; without it the
   * request's web stream is read (on Node that stream copies every chunk once more).
   */
  openReader?: () => BodyReader;
  /** Where a streamed body of a declared length lands (body-buffer-pool.ts); a new buffer without. */
  allocate?: (bytes: number) => Uint8Array;
  /** What a 413 tells the designer to do (POST /'s bodies are images: the default says so). */
  tooLargeAdvice?: string;
}

function tooSlow(minBytesPerSec: number, received: number): RelayHttpError {
  return new RelayHttpError(408, `The request body arrived too slowly (under ${minBytesPerSec} bytes a second). Check the connection and try again.`, {
    detail: `slow body: ${received} bytes received`,
    closeConnection: true,
  });
}

/** Resolves with `promise`, or rejects with `onLate()` once `at` (a `now()` time) has passed. */
async function beforeDeadlineAsync<T>(promise: Promise<T>, at: number, now: () => number, onLate: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onLate()), Math.max(0, at - now()));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Longest a refused body is read and dropped before its connection is cut. */
const DISCARD_MAX_MS = 60_000;

/**
 * Reads and drops what is left of a refused body (up to `maxBytes`, for at most `maxMs`), so a
 * client still sending gets the answer instead of a reset connection. Costs time on the wire,
 * no memory.
 */
async function discardRestAsync(reader: BodyReader, maxBytes: number, maxMs: number): Promise<void> {
  const stop = () => void reader.cancel().catch(() => undefined);
  const timer = setTimeout(stop, maxMs);
  let dropped = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      dropped += value.byteLength;
      if (dropped > maxBytes) return stop();
    }
  } catch {
    /* the client went away or the time ran out: nothing more to drop */
  } finally {
    clearTimeout(timer);
  }
  return undefined;
}

/**
 * Reads the whole body into one buffer, failing with 413 as soon as more than `limitBytes`
 * arrive. A declared Content-Length over the limit fails before reading anything. When another
 * check refuses the body part-way (the shape scan, the in-flight budget), the rest is dropped.
 */
export async function readBodyLimitedAsync(request: Request, limitBytes: number, options: BodyReadOptions = {}): Promise<Uint8Array> {
  const tooLarge = (detail: string): RelayHttpError =>
    new RelayHttpError(413, `The request is larger than this relay accepts (${limitBytes} bytes). ${options.tooLargeAdvice ?? 'Use a smaller image or output size.'}`, {
      field: 'body',
      detail,
      closeConnection: true,
    });
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limitBytes) {
    throw tooLarge(`Content-Length ${declared} > ${limitBytes}`);
  }
  const expected = declared !== null && /^\d+$/.test(declared) ? Number(declared) : undefined;
  const held: { reader?: BodyReader } = {};
  try {
    return await readWithinLimitsAsync(request, limitBytes, expected, options, tooLarge, held);
  } catch (error) {
    if (error instanceof RelayHttpError && !error.closeConnection) {
      options.onRefused?.();
      const reader = held.reader ?? (options.openReader ? options.openReader() : request.body && !request.body.locked ? request.body.getReader() : undefined);
      const rate = options.minBytesPerSec ?? 1024 * 1024;
      const maxMs = Math.min(DISCARD_MAX_MS, (options.graceMs ?? 0) + ((expected ?? limitBytes) / rate) * 1000);
      // Answering only once the rest is in: the Node adapter cuts a connection whose body is
      // still arriving 500 ms after the answer, and a client still writing then sees EPIPE.
      if (reader) await discardRestAsync(reader, limitBytes, maxMs);
    }
    throw error;
  }
}

async function readWithinLimitsAsync(
  request: Request,
  limitBytes: number,
  expected: number | undefined,
  options: BodyReadOptions,
  tooLarge: (detail: string) => RelayHttpError,
  held: { reader?: BodyReader },
): Promise<Uint8Array> {
  if (expected !== undefined) options.reserve?.(expected);
  const now = options.now ?? Date.now;
  const started = now();
  const rate = options.minBytesPerSec;
  // The latest moment by which `received + 1` bytes must be in, at the minimum rate.
  const deadlineFor = (received: number): number =>
    rate === undefined ? Number.POSITIVE_INFINITY : started + (options.graceMs ?? 0) + ((received + 1) / rate) * 1000;
  const timed = <T>(promise: Promise<T>, received: number, until = deadlineFor(received)): Promise<T> =>
    Number.isFinite(until) ? beforeDeadlineAsync(promise, until, now, () => tooSlow(rate ?? 0, received)) : promise;
  // Small bodies of a declared length (every poll) take the runtime's direct read: on Node it
  // skips building a web stream. The runtime never delivers more than the declared length.
  if (expected !== undefined && expected <= DIRECT_READ_MAX_BYTES) {
    const body = new Uint8Array(await timed(request.arrayBuffer(), 0, deadlineFor(expected)));
    if (body.byteLength > limitBytes) throw tooLarge(`read ${body.byteLength} bytes`);
    options.onChunk?.(body);
    return body;
  }
  if (!options.openReader && request.body === null) return new Uint8Array(0);
  // With a declared length the bytes go straight into one buffer; otherwise chunks are joined.
  const reader: BodyReader = options.openReader ? options.openReader() : (request.body as ReadableStream<Uint8Array>).getReader();
  held.reader = reader;
  let chunks: Uint8Array[] = [];
  let target = expected !== undefined ? (options.allocate?.(expected) ?? new Uint8Array(expected)) : undefined;
  let received = 0;
  for (;;) {
    const { done, value } = await timed(reader.read(), received);
    if (done) break;
    if (received + value.byteLength > limitBytes) throw tooLarge(`streamed more than ${limitBytes} bytes`);
    if (expected === undefined) options.reserve?.(value.byteLength);
    options.onChunk?.(value);
    let stored = value;
    if (target !== undefined && received + value.byteLength <= target.byteLength) {
      target.set(value, received);
      stored = target.subarray(received, received + value.byteLength);
    } else {
      if (target !== undefined) chunks.push(target.subarray(0, received)); // more than declared: keep going, joined below
      target = undefined;
      // Kept past this read: a copy, whoever owns the chunk's memory.
      chunks.push(options.openReader ? value.slice() : value);
    }
    options.onStored?.(stored, received);
    received += value.byteLength;
  }
  if (target !== undefined) return received === target.byteLength ? target : target.subarray(0, received);
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  // Joining holds the chunks and their copy at once (and the chunks until they are collected):
  // the in-flight budget counts the copy too, or undeclared bodies would hold twice what it says.
  options.reserve?.(received);
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  chunks = [];
  return body;
}
