// Request counters of GET /__admin/stats: requests per declared Action and per answered RetCode,
// injected faults and image downloads. Tests count upstream requests with them.
import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from '../emulator-env';

export class RequestStats {
  requests = { total: 0, byAction: {} as Record<string, number>, byRetCode: {} as Record<string, number> };
  faults = { http500: 0, dropped: 0, rateLimited: 0, submitRetCodes: 0, slowed: 0, delayed: 0 };
  imageDownloads = 0;

  reset(): void {
    this.requests = { total: 0, byAction: {}, byRetCode: {} };
    this.faults = { http500: 0, dropped: 0, rateLimited: 0, submitRetCodes: 0, slowed: 0, delayed: 0 };
    this.imageDownloads = 0;
  }
}

/**
 * Counts every POST / by its declared Action before the faults run, and its RetCode once
 * answered (answers written by a fault, such as HTTP 429 or 500, carry none and are not counted).
 */
export function countRequests(stats: RequestStats): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    stats.requests.total++;
    const actionKey = c.get('envelope').action || '(none)';
    stats.requests.byAction[actionKey] = (stats.requests.byAction[actionKey] ?? 0) + 1;
    await next();
    const retCode = c.get('retCode');
    if (retCode !== undefined) stats.requests.byRetCode[String(retCode)] = (stats.requests.byRetCode[String(retCode)] ?? 0) + 1;
  };
}
