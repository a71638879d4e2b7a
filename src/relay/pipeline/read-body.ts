// POST / stage 2: the body read within its limits (bytes, arrival rate, shape, the in-flight
// budget). Hand-written rather than hono/body-limit: that middleware trusts a declared
// Content-Length, buffers an undeclared body whole before anything looks at it, and has no
// arrival deadline; this one counts while streaming, scans the shape chunk by chunk, answers a
// slow body with 408 and a refused one only after dropping its rest. Measured on a small poll
// (bench/relay-middleware.ts, app.request()): ~0.2 ms a request more than hono/body-limit, the
// price of those checks, which a body-limit in front of this one would only repeat.
import type { MiddlewareHandler } from 'hono';
import type { FastBytes } from '../read-json-body';
import { readBodyLimitedAsync } from '../read-body-limited';
import { createJsonShapeScanner, type JsonShapeLimits } from '../json-shape-scan';
import type { InflightBodyBudget } from '../inflight-body-budget';
import type { RelayEnv } from './relay-env';

export interface BodyReadLimits {
  bodyLimitBytes: number;
  bodyMinBytesPerSec: number;
  bodyGraceMs: number;
  shape: JsonShapeLimits;
}

export function readBody(
  limits: BodyReadLimits,
  inflightBodies: InflightBodyBudget,
  deps: { fastBytes?: FastBytes; now: () => number },
): MiddlewareHandler<RelayEnv> {
  return async (c, next) => {
    // The body's bytes count against the in-flight budget until its answer is ready.
    const reservation = inflightBodies.open(c.get('tokenId'));
    try {
      const scanner = createJsonShapeScanner(limits.shape, deps.fastBytes);
      const bytes = await readBodyLimitedAsync(c.req.raw, limits.bodyLimitBytes, {
        onChunk: scanner.feed,
        reserve: reservation.grow,
        minBytesPerSec: limits.bodyMinBytesPerSec,
        graceMs: limits.bodyGraceMs,
        now: deps.now,
      });
      c.get('access').bytesIn = bytes.byteLength;
      c.set('body', bytes);
      await next();
    } finally {
      reservation.release();
    }
  };
}
