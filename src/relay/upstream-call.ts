// Calls to PICPIK with a timeout per attempt, faults mapped to relay errors (504 timeout, 502
// unreachable / 5xx / not JSON, 429 passed on), and retries with backoff for idempotent calls.
import { RelayHttpError } from './relay-http-error';

/** An answer read whole: what a JSON call needs, without a Response and its body stream. */
export interface UpstreamAnswer {
  status: number;
  header: (name: string) => string | null;
  bytes: Uint8Array<ArrayBuffer>;
}

/**
 * A lean POST for runtimes that have one (the Node entry): sends the body pieces in order (a
 * stream of them as they come, when the body is still arriving; the request is cut, never
 * completed, if that stream fails), never follows redirects (a 3xx fails like fetch's
 * `redirect: 'error'`), rejects as fetch does, with the rejection passed through markUnsent when
 * the body had not all been handed to the network. `onHandedOver`, when given, is called once the
 * body's last byte has been handed to the operating system: from then on nothing reads the pieces.
 */
export type UpstreamPost = (
  url: string,
  body: readonly Uint8Array[] | AsyncIterable<Uint8Array>,
  headers: Record<string, string>,
  signal: AbortSignal,
  onHandedOver?: () => void,
) => Promise<UpstreamAnswer>;

export interface UpstreamDeps {
  fetch: typeof fetch;
  /** Preferred over `fetch` for JSON calls when given. */
  post?: UpstreamPost;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export interface RetryPolicy {
  /** Extra attempts after the first; 0 for calls that must not be repeated (they cost credits). */
  retries: number;
  /**
   * Extra attempts beyond `retries` after a connection failure before the request went whole to
   * the server: safe even for calls that cost credits, since such a request cannot have started.
   */
  unsentRetries?: number;
  timeoutMs: number;
}

/**
 * How far a failed request got: `unsent` when its body never went whole to the network (the
 * server cannot hold the complete request, so it started and billed nothing), `sent` when it did
 * and the answer was lost, late, or an HTTP 5xx, which a gateway may send after the server acted
 * (PICPIK itself answers its errors with HTTP 200), `answered` when the server answered with a
 * failure that says it did not act.
 */
export type UpstreamDelivery = 'unsent' | 'sent' | 'answered';

/** A fault worth another attempt: the same request may well succeed a moment later. */
export class TransientUpstreamError extends RelayHttpError {
  delivery: UpstreamDelivery = 'answered';
  /** The attempts made in all when withRetriesAsync gave up with this error (for the access log). */
  attempts = 1;
  /** The HTTP status PICPIK answered with, for an error status. */
  upstreamStatus: number | undefined;
}

function transient(
  delivery: UpstreamDelivery,
  ...args: ConstructorParameters<typeof TransientUpstreamError>
): TransientUpstreamError {
  const error = new TransientUpstreamError(...args);
  error.delivery = delivery;
  return error;
}

/**
 * The failures of requests whose body never went whole to the network, and of requests the
 * server answered in a way the relay refuses (a redirect), as an UpstreamPost reports them; fetch
 * cannot tell, so its failures count as sent: the stricter reading.
 */
const unsentFailures = new WeakSet<object>();
const answeredFailures = new WeakSet<object>();

/** Marks `error` as the failure of a request whose body was not all handed to the network. */
export function markUnsent<T>(error: T): T {
  if (typeof error === 'object' && error !== null) unsentFailures.add(error);
  return error;
}

/** Marks `error` as the failure of a request the server answered (the answer was refused). */
export function markAnswered<T>(error: T): T {
  if (typeof error === 'object' && error !== null) answeredFailures.add(error);
  return error;
}

function deliveryOf(error: unknown, attempt: TimedAttempt): UpstreamDelivery {
  const marked = (set: WeakSet<object>) => set.has(error as object) || set.has(attempt.signal.reason as object);
  if (marked(answeredFailures)) return 'answered';
  return marked(unsentFailures) ? 'unsent' : 'sent';
}

const BACKOFF_BASE_MS = 200;
const BACKOFF_CAP_MS = 3000;

/** Exponential backoff with "full jitter" between half and all of the step, so clients spread out. */
export function backoffDelayMs(attempt: number, random: () => number): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(step * (0.5 + random() * 0.5));
}

export interface TimedAttempt {
  signal: AbortSignal;
  timedOut: () => boolean;
  /** Stops the timer; call once the answer (body included) is in. */
  finish: () => void;
}

export function startTimedAttempt(timeoutMs: number): TimedAttempt {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new Error(`no answer within ${timeoutMs} ms`));
  }, timeoutMs);
  return { signal: controller.signal, timedOut: () => expired, finish: () => clearTimeout(timer) };
}

/** Maps a thrown fetch/body-read failure to the relay error the caller sees. */
export function mapFetchFailure(error: unknown, attempt: TimedAttempt, what: string): RelayHttpError {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const detail = `${what}: ${error instanceof Error ? error.message : String(error)}${cause}`;
  const delivery = deliveryOf(error, attempt);
  if (attempt.timedOut()) {
    return transient(delivery, 504, 'PICPIK did not answer in time. Try again in a moment.', { detail, cause: error });
  }
  return transient(delivery, 502, 'The relay could not reach PICPIK. Try again in a moment.', { detail, cause: error });
}

/** Runs `attemptAsync` up to 1 + retries times while it fails with a TransientUpstreamError. */
export async function withRetriesAsync<T>(
  policy: RetryPolicy,
  deps: UpstreamDeps,
  attemptAsync: (attemptNumber: number) => Promise<T>,
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return { value: await attemptAsync(attempt), attempts: attempt + 1 };
    } catch (error) {
      if (!(error instanceof TransientUpstreamError)) throw error;
      // Only a connection that failed: a server that stopped reading once would likely keep the next try waiting as long.
      const allowed = policy.retries + (error.delivery === 'unsent' && error.status === 502 ? (policy.unsentRetries ?? 0) : 0);
      if (attempt >= allowed) {
        error.attempts = attempt + 1;
        throw error;
      }
      await deps.sleep(backoffDelayMs(attempt, deps.random));
    }
  }
}

export interface UpstreamJson {
  /** The answer exactly as PICPIK sent it. */
  bytes: Uint8Array<ArrayBuffer>;
  json: Record<string, unknown>;
  attempts: number;
}

function retryAfterFrom(response: { header: (name: string) => string | null }): number | undefined {
  const value = response.header('retry-after');
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

const STREAM_BODY_ABOVE_BYTES = 1024 * 1024;

/**
 * fetch copies a Uint8Array body before sending it; a stream over the same bytes is sent as is,
 * which keeps one copy of a large body instead of two. Small bodies go as plain bytes.
 */
function requestBody(pieces: readonly Uint8Array[], byteLength: number): { body: BodyInit; duplex?: 'half' } {
  const only = pieces.length === 1 ? pieces[0] : undefined;
  if (only !== undefined && byteLength <= STREAM_BODY_ABOVE_BYTES) return { body: only as Uint8Array<ArrayBuffer> };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
  return { body, duplex: 'half' };
}

/** The body of a request to PICPIK: one buffer, or pieces sent in order (a large image stays its own piece). */
export type UpstreamPayload = Uint8Array<ArrayBuffer> | readonly Uint8Array[];

function piecesOf(payload: UpstreamPayload): readonly Uint8Array[] {
  return payload instanceof Uint8Array ? [payload] : payload;
}

export const UPSTREAM_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

async function sendAsync(url: string, payload: UpstreamPayload, signal: AbortSignal, deps: UpstreamDeps): Promise<UpstreamAnswer> {
  const pieces = piecesOf(payload);
  let byteLength = 0;
  for (const piece of pieces) byteLength += piece.byteLength;
  const headers = { ...UPSTREAM_HEADERS, 'content-length': String(byteLength) };
  if (deps.post) return deps.post(url, pieces, headers, signal);
  const response = await deps.fetch(url, { method: 'POST', headers, signal, redirect: 'error', ...requestBody(pieces, byteLength) });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, header: (name) => response.headers.get(name), bytes };
}

const utf8 = new TextDecoder();

/**
 * POSTs a signed JSON body to PICPIK and returns its answer untouched (bytes) plus the parsed
 * object. PICPIK reports its own errors as RetCode with HTTP 200, so only transport-level
 * problems become relay errors here.
 */
export async function postUpstreamJsonAsync(
  url: string,
  payload: UpstreamPayload,
  policy: RetryPolicy,
  deps: UpstreamDeps,
): Promise<UpstreamJson> {
  const { value, attempts } = await withRetriesAsync(policy, deps, async () => {
    const attempt = startTimedAttempt(policy.timeoutMs);
    try {
      let response: UpstreamAnswer;
      try {
        response = await sendAsync(url, payload, attempt.signal, deps);
      } catch (error) {
        throw mapFetchFailure(error, attempt, 'POST upstream');
      }
      return upstreamJsonOf(response);
    } finally {
      attempt.finish();
    }
  });
  return { ...value, attempts };
}

/** PICPIK's answer as the relay passes it on, or the relay error its transport status means. */
export function upstreamJsonOf(response: UpstreamAnswer): { bytes: Uint8Array<ArrayBuffer>; json: Record<string, unknown> } {
  if (response.status === 429) {
    const retryAfterSeconds = retryAfterFrom(response) ?? 30;
    throw new RelayHttpError(429, `PICPIK is limiting requests. Try again in ${retryAfterSeconds} s.`, {
      detail: 'upstream HTTP 429',
      retryAfterSeconds,
    });
  }
  if (response.status >= 500) {
    const error = transient('sent', 502, 'PICPIK had a problem answering. Try again in a moment.', { detail: `upstream HTTP ${response.status}` });
    error.upstreamStatus = response.status;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(response.bytes));
  } catch {
    json = undefined;
  }
  const isObject = json !== null && typeof json === 'object' && !Array.isArray(json);
  if (response.status < 200 || response.status >= 300) {
    // PICPIK reports errors with HTTP 200, but an error status carrying its usual JSON still
    // says more to the caller than a generic 502: pass that on like any RetCode error.
    if (!isObject || typeof (json as Record<string, unknown>)['RetCode'] !== 'number') {
      throw new RelayHttpError(502, `PICPIK answered with HTTP ${response.status}. Check the relay's PICPIK_API_URL.`, {
        detail: `upstream HTTP ${response.status}`,
      });
    }
  } else if (!isObject) {
    throw new RelayHttpError(502, 'PICPIK sent an answer the relay cannot read. Check the relay\'s PICPIK_API_URL.', {
      detail: `upstream answer is not a JSON object (${response.header('content-type') ?? 'no content type'})`,
    });
  }
  return { bytes: response.bytes, json: json as Record<string, unknown> };
}

/**
 * A submit or cancel sent whole whose answer was late or lost may have taken effect upstream (a
 * task accepted and billed), so the answer says so instead of inviting a retry that could charge
 * twice; the designer's plugin keeps such a job as "outcome unknown" (it reads HTTP 504). One
 * that never reached PICPIK whole says that nothing was started.
 */
export function outcomeUnknownError(error: unknown, action: string): unknown {
  if (!(error instanceof TransientUpstreamError) || error.delivery === 'answered') return error;
  const options = { ...(error.detail !== undefined ? { detail: error.detail } : {}), cause: error };
  if (error.delivery === 'unsent') {
    return new RelayHttpError(502, `The relay could not get ${action} to PICPIK whole, so nothing was started or billed. Try again in a moment.`, options);
  }
  const what =
    error.upstreamStatus !== undefined
      ? `PICPIK answered ${action} with HTTP ${error.upstreamStatus}, which does not say whether it accepted it: it`
      : error.status === 504
        ? `PICPIK did not answer ${action} in time, but it`
        : `The connection to PICPIK broke after ${action} was sent: PICPIK`;
  return new RelayHttpError(504, `${what} may have accepted it (and billed it). Compare ListRunningTasks with the tasks you know before trying again.`, options);
}
