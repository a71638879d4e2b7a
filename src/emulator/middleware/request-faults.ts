// Fault injection as middleware, in this order: latency, the rate limit (not on image
// downloads), dropped connections, HTTP 500; after the answer, a slowed body. The FaultInjector
// decides who is hit; submissions refused with a RetCode come after the envelope check.
import type { Context, MiddlewareHandler } from 'hono';
import { setTimeout as sleepAsync } from 'node:timers/promises';
import { isTaskAction } from '../../contract/schemas';
import { refuse } from '../actions/action-handler';
import type { EmulatorEnv } from '../emulator-env';
import { IMAGE_DOWNLOAD_ACTION, type FaultInjector } from '../fault-injector';
import { RET_CODES } from '../ret-codes';
import { answerAction } from './envelope';
import type { RequestStats } from './request-stats';

/** A response whose body arrives in small pieces spread over `durationMs`. */
async function trickleResponseAsync(response: Response, durationMs: number): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const pieces = Math.max(1, Math.min(20, bytes.length));
  const pieceSize = Math.ceil(bytes.length / pieces);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= bytes.length) return controller.close();
      await sleepAsync(durationMs / pieces);
      controller.enqueue(bytes.slice(sent, sent + pieceSize));
      sent += pieceSize;
    },
  });
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(stream, { status: response.status, headers });
}

/** Ends the exchange without an answer: the socket is destroyed under Node, the body errors elsewhere. */
function dropConnection(c: Context<EmulatorEnv>): Response {
  const socket = c.env?.incoming?.socket;
  if (socket) {
    socket.destroy();
    return new Response(null); // never written: the socket is gone
  }
  return new Response(
    new ReadableStream({
      start(controller) {
        controller.error(new Error('connection dropped by fault injection'));
      },
    }),
  );
}

/** Which action a request counts as for the faults, and the request_uuid its 429 echoes. */
type FaultTarget = (c: Context<EmulatorEnv>) => { action: string; requestUuid: string | undefined };

export const POST_ACTION_TARGET: FaultTarget = (c) => c.get('envelope');
export const IMAGE_DOWNLOAD_TARGET: FaultTarget = () => ({ action: IMAGE_DOWNLOAD_ACTION, requestUuid: undefined });

/** The request-level faults, then (for a successful answer) the slowed body. */
export function injectRequestFaults(faults: FaultInjector, stats: RequestStats, target: FaultTarget): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const { action, requestUuid } = target(c);
    if (!faults.appliesTo(action)) return next();
    const fault = faults.config;
    if (fault.latencyMs > 0) {
      stats.faults.delayed++;
      await sleepAsync(fault.latencyMs);
    }
    if (action !== IMAGE_DOWNLOAD_ACTION) {
      const retryAfter = faults.takeRateLimitSlot(Date.now());
      if (retryAfter > 0) {
        stats.faults.rateLimited++;
        c.header('Retry-After', String(retryAfter));
        const message = `rate limit of ${fault.rateLimitPerMin} requests per minute exceeded: retry in ${retryAfter} s`;
        return c.json({ Action: `${action}Response`, RetCode: RET_CODES.rateLimited, Message: message, ...(requestUuid ? { request_uuid: requestUuid } : {}) }, 429);
      }
    }
    if (faults.hits(fault.dropRate)) {
      stats.faults.dropped++;
      return dropConnection(c);
    }
    if (faults.hits(fault.http500Rate)) {
      stats.faults.http500++;
      return c.text('Internal Server Error (injected fault)', 500);
    }
    await next();
    // Only answers are slowed (every POST / answer is HTTP 200; a missing image's 404 is not).
    if (faults.config.slowMs <= 0 || c.res.status !== 200) return;
    stats.faults.slowed++;
    const slowed = await trickleResponseAsync(c.res, faults.config.slowMs);
    // Cleared first: Hono's c.res setter would copy the old Content-Length onto the stream.
    c.res = undefined;
    c.res = slowed;
  };
}

/** Task submissions refused with the configured RetCode, after the envelope check. */
export function refuseFaultySubmissions(faults: FaultInjector, stats: RequestStats): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const { action } = c.get('checked');
    if (isTaskAction(action) && faults.config.submitRetCode !== 0 && faults.appliesTo(action) && faults.hits(faults.config.submitRetCodeRate)) {
      stats.faults.submitRetCodes++;
      return answerAction(c, refuse(faults.config.submitRetCode, 'the service cannot take this task right now (injected fault): try again later'));
    }
    await next();
  };
}
