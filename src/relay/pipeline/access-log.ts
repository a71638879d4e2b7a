// One access-log line per request (and the request metrics): written when the answer is ready,
// or, for a streamed answer, once its transfer ends.
import type { MiddlewareHandler } from 'hono';
import type { RelayMetrics } from '../relay-metrics';
import type { AccessLogLine, RelayEnv } from './relay-env';

export function accessLog(deps: {
  log: (line: object) => void;
  now: () => number;
  metrics?: RelayMetrics | undefined;
  isQuiet: (response: Response) => boolean;
}): MiddlewareHandler<RelayEnv> {
  const { log, now } = deps;
  return async (c, next) => {
    const started = now();
    const access: Partial<AccessLogLine> = {};
    c.set('access', access);
    await next();
    if (deps.isQuiet(c.res)) return;
    const { transfer, ...fields } = access;
    const line: AccessLogLine = {
      time: new Date(started).toISOString(),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      latencyMs: Math.max(0, now() - started),
      ...fields,
    };
    if (line.bytesOut === undefined) {
      const length = c.res.headers.get('content-length');
      if (length !== null) line.bytesOut = Number(length);
    }
    deps.metrics?.observeRequest(line);
    if (transfer) void transfer.then((end) => log({ ...line, ...end, latencyMs: Math.max(0, now() - started) }));
    else log(line);
  };
}
