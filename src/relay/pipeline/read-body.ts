// POST / stage 2: the body read within its limits (bytes, arrival rate, shape, the in-flight
// budget). Hand-written rather than hono/body-limit: that middleware trusts a declared
// Content-Length, buffers an undeclared body whole before anything looks at it, and has no
// arrival deadline; this one counts while streaming, scans the shape chunk by chunk, answers a
// slow body with 408 and a refused one only after dropping its rest. Measured on a small poll
// (bench/relay-middleware.ts, app.request()): ~0.2 ms a request more than hono/body-limit, the
// price of those checks, which a body-limit in front of this one would only repeat.
// With a streaming POST at hand, a large image starts on its way upstream from here
// (early-image-upstream.ts); the request is cut unless sign-and-forward.ts completes it.
import type { MiddlewareHandler } from 'hono';
import type { FastBytes } from '../read-json-body';
import { readBodyLimitedAsync, type OpenBodyReader } from '../read-body-limited';
import { createJsonShapeScanner, type JsonShapeLimits } from '../json-shape-scan';
import type { InflightBodyBudget } from '../inflight-body-budget';
import type { BodyBufferPool, PooledBody } from '../body-buffer-pool';
import type { BodyHold, RelayEnv } from './relay-env';
import { EARLY_UPSTREAM_FROM_BYTES, watchForEarlyImage } from './early-image-upstream';
import { openStreamedUpstream } from '../streamed-upstream';
import type { UpstreamPost } from '../upstream-call';
import type { PicpikKeys } from '../../contract/envelope';
import { beginEarlySignature } from './early-signature';

/**
 * Room for what the relay adds to a streamed body beyond the designer's bytes: PublicKey,
 * request_uuid (at most 128 characters), Signature, the defaults the contract fills in and the
 * seed shape converted to the table's; PublicKey's own length comes on top.
 */
const STREAMED_BODY_ALLOWANCE_BYTES = 2048;

const CUT_REASON = 'the request was refused before it was complete';

/** Where a large image may go upstream while it arrives (a runtime with a streaming POST). */
export interface EarlyUpstreamTarget {
  url: string;
  post: UpstreamPost;
  keys: PicpikKeys;
}

export interface BodyReadLimits {
  bodyLimitBytes: number;
  bodyMinBytesPerSec: number;
  bodyGraceMs: number;
  shape: JsonShapeLimits;
}

export function readBody(
  limits: BodyReadLimits,
  inflightBodies: InflightBodyBudget,
  deps: {
    fastBytes?: FastBytes;
    bodyReader?: OpenBodyReader | undefined;
    now: () => number;
    earlyUpstream?: EarlyUpstreamTarget | undefined;
    /** Reused buffers for large bodies, handed back once nothing reads the body (see BodyHold). */
    bodyBuffers?: BodyBufferPool;
  },
): MiddlewareHandler<RelayEnv> {
  return async (c, next) => {
    // The body's bytes count against the in-flight budget until its answer is ready.
    const reservation = inflightBodies.open(c.get('tokenId'));
    const declared = Number(c.req.header('content-length') ?? NaN);
    let pooled: PooledBody | undefined;
    // The body's buffer goes back once its request to PICPIK has handed the last byte to the
    // system, while PICPIK still works on it: the request then holds the image's text alone.
    // A second attempt after that sends the text encoded again (sign-and-forward.ts).
    let released = false;
    const hold: BodyHold = {
      get released() {
        return released;
      },
      release() {
        released = true;
        pooled?.release();
      },
    };
    const target = deps.earlyUpstream;
    // Only a declared length lets the upstream request declare its own before the body is in.
    const watch =
      target && Number.isSafeInteger(declared) && declared > EARLY_UPSTREAM_FROM_BYTES && declared <= limits.bodyLimitBytes
        ? watchForEarlyImage((start) => ({
            upstream: openStreamedUpstream(
              target.url,
              target.post,
              start.head,
              start.head.byteLength + declared + STREAMED_BODY_ALLOWANCE_BYTES + target.keys.publicKey.length,
              () => hold.release(),
            ),
            signature: beginEarlySignature(start.before, start.image, start.field, start.isList, target.keys),
          }))
        : undefined;
    const pool = deps.bodyBuffers;
    // A buffer larger than the body holds more memory: counted too, or an exact one is made.
    const allocate = pool ? (bytes: number) => (pooled = pool.acquire(bytes, reservation.tryGrow)).bytes : undefined;
    try {
      const scanner = createJsonShapeScanner(limits.shape, deps.fastBytes, watch?.onImageText);
      const openReader = deps.bodyReader?.(c.env);
      const bytes = await readBodyLimitedAsync(c.req.raw, limits.bodyLimitBytes, {
        ...(openReader ? { openReader } : {}),
        ...(allocate ? { allocate } : {}),
        onChunk: scanner.feed,
        // A refused body's rest may take up to a minute to drain: PICPIK is not kept waiting on it.
        ...(watch ? { onStored: watch.onStored, onRefused: () => watch.opened()?.upstream.abort(CUT_REASON) } : {}),
        reserve: reservation.grow,
        minBytesPerSec: limits.bodyMinBytesPerSec,
        graceMs: limits.bodyGraceMs,
        now: deps.now,
      });
      c.get('access').bytesIn = bytes.byteLength;
      c.set('body', bytes);
      c.set('bodyHold', hold);
      c.set('bodyImageSpans', scanner.imageSpans());
      const early = watch?.opened();
      if (early) c.set('earlyUpstream', early);
      await next();
    } finally {
      // Whatever stopped the request before sign-and-forward finished it: PICPIK gets no whole request.
      watch?.opened()?.upstream.abort(CUT_REASON);
      // Answered or refused, and no request to PICPIK writes from it any more: the buffer may be reused.
      hold.release();
      reservation.release();
    }
  };
}
