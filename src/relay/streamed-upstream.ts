// A request to PICPIK opened while the designer's body is still arriving, so a large image goes
// upstream as it comes instead of after the whole body is in. The body is declared with a
// Content-Length up front; the rest (the validated fields, the envelope and its Signature) is
// written only once the request has passed every check, padded with JSON whitespace to the
// declared length. Until then the request can only be cut: PICPIK never receives it complete.
import { mapFetchFailure, UPSTREAM_HEADERS, upstreamJsonOf, type UpstreamJson, type UpstreamPost } from './upstream-call';

export interface StreamedUpstream {
  /** Queues the next bytes of the body (views into the designer's body: nothing is copied). */
  push: (bytes: Uint8Array) => void;
  /**
   * Writes `rest` (its last piece is the closing brace; the padding goes before it) and resolves
   * with PICPIK's answer; resolves undefined, with the request cut, when `rest` does not fit the
   * declared length (the caller then sends the request whole).
   */
  finishAsync: (rest: readonly Uint8Array[], timeoutMs: number) => Promise<UpstreamJson | undefined>;
  /** Cuts the request before its last byte. */
  abort: (reason: string) => void;
  readonly finished: boolean;
}

const SPACE = 0x20;

/** `onHandedOver`: the body's last byte is with the operating system, so its pieces may be reused. */
export function openStreamedUpstream(url: string, post: UpstreamPost, head: Uint8Array, declaredLength: number, onHandedOver?: () => void): StreamedUpstream {
  const queue: Uint8Array[] = [head];
  let wake: (() => void) | undefined;
  let state: 'open' | 'ended' | 'failed' = 'open';
  let failure: Error | undefined;
  let queuedBytes = head.byteLength;
  let finished = false;
  const controller = new AbortController();

  async function* bodyPieces(): AsyncGenerator<Uint8Array> {
    for (;;) {
      while (queue.length > 0) yield queue.shift() as Uint8Array;
      if (state === 'failed') throw failure;
      if (state === 'ended') return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  }

  const headers = { ...UPSTREAM_HEADERS, 'content-length': String(declaredLength) };
  const answer = post(url, bodyPieces(), headers, controller.signal, onHandedOver);
  answer.catch(() => undefined); // read in finishAsync; an early failure must not go unhandled

  function abort(reason: string): void {
    if (finished || state === 'failed') return;
    state = 'failed';
    failure = new Error(reason);
    wake?.();
    controller.abort(failure);
  }

  return {
    push(bytes) {
      if (state !== 'open') return;
      queue.push(bytes);
      queuedBytes += bytes.byteLength;
      wake?.();
    },
    async finishAsync(rest, timeoutMs) {
      let restBytes = 0;
      for (const piece of rest) restBytes += piece.byteLength;
      const padding = declaredLength - queuedBytes - restBytes;
      const last = rest[rest.length - 1];
      if (padding < 0 || last === undefined || state !== 'open') {
        abort('the rest of the request does not fit its declared length');
        return undefined;
      }
      queue.push(...rest.slice(0, -1), new Uint8Array(padding).fill(SPACE), last);
      state = 'ended';
      finished = true;
      wake?.();
      let expired = false;
      const timer = setTimeout(() => {
        expired = true;
        controller.abort(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      try {
        const response = await answer.catch((error: unknown) => {
          throw mapFetchFailure(error, { signal: controller.signal, timedOut: () => expired, finish: () => undefined }, 'POST upstream (streamed)');
        });
        return { ...upstreamJsonOf(response), attempts: 1 };
      } finally {
        clearTimeout(timer);
      }
    },
    abort,
    get finished() {
      return finished;
    },
  };
}
