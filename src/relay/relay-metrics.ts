// Prometheus metrics for GET /metrics (prom-client): requests by action and status, upstream
// latency, errors and credits used. Each app gets its own registry, so tests can run several.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isPicpikAction } from '../contract/schemas';

export interface RelayMetrics {
  observeRequest(line: { action?: string | undefined; path: string; status: number; latencyMs: number; error?: string | undefined }): void;
  observeUpstream(kind: 'json' | 'fetch', seconds: number, failed: boolean): void;
  addCredits(credits: number): void;
  /** A tick of the wait route's shared poller: upstream calls made and tasks asked. */
  observeTaskPollTick?(calls: number, tasks: number): void;
  setTaskWaiters?(waiters: number): void;
  renderAsync(): Promise<{ contentType: string; body: string }>;
}

/** Routes are labelled by shape, never by raw path, so TaskUIDs cannot blow up the label set. */
function routeOf(path: string): string {
  if (path === '/') return 'POST /';
  if (path === '/v1/tasks/wait') return 'wait';
  if (path.startsWith('/v1/tasks/')) return 'image';
  if (path === '/v1/me' || path === '/healthz' || path === '/metrics') return path;
  return 'other';
}

export function createRelayMetrics(options: { defaultMetrics?: boolean } = {}): RelayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'relay_requests_total',
    help: 'Requests answered by the relay, by PICPIK action (or route) and HTTP status.',
    labelNames: ['action', 'status'],
    registers: [registry],
  });
  const errors = new Counter({ name: 'relay_errors_total', help: 'Requests the relay answered with its own error, by HTTP status.', labelNames: ['status'], registers: [registry] });
  const upstream = new Histogram({
    name: 'relay_upstream_duration_seconds',
    help: 'Time PICPIK took to answer a relay call.',
    labelNames: ['kind', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const credits = new Counter({ name: 'relay_credits_used_total', help: 'PICPIK credits (ConsumeApiPoint) of tasks this replica saw finish first.', registers: [registry] });
  const pollTicks = new Counter({ name: 'relay_task_poll_ticks_total', help: 'Ticks of the shared poller behind POST /v1/tasks/wait.', registers: [registry] });
  const pollCalls = new Counter({ name: 'relay_task_poll_calls_total', help: 'ListTasksDetails calls the shared poller sent upstream.', registers: [registry] });
  const waiters = new Gauge({ name: 'relay_task_waiters', help: 'Open POST /v1/tasks/wait requests on this replica.', registers: [registry] });
  return {
    observeTaskPollTick(calls) {
      pollTicks.inc();
      pollCalls.inc(calls);
    },
    setTaskWaiters(count) {
      waiters.set(count);
    },
    observeRequest(line) {
      // The action as the client named it only when it is one: made-up names would each add a series.
      const action = line.action !== undefined && isPicpikAction(line.action) ? line.action : line.action !== undefined ? 'unknown action' : routeOf(line.path);
      requests.inc({ action, status: String(line.status) });
      if (line.error !== undefined) errors.inc({ status: String(line.status) });
    },
    observeUpstream(kind, seconds, failed) {
      upstream.observe({ kind, outcome: failed ? 'error' : 'ok' }, seconds);
    },
    addCredits(amount) {
      if (amount > 0) credits.inc(amount);
    },
    async renderAsync() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
