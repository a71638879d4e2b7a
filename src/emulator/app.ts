// The emulator as a Hono app: PICPIK actions at POST / (actions-app.ts), result images at
// /images/:token.png (images-app.ts) and the admin API under /__admin/ (admin-app.ts), over one
// task store, runner, credit ledger, fault injector and set of request counters.
import { Hono } from 'hono';
import { PICPIK_ACTIONS } from '../contract/schemas';
import { createActionsApp } from './actions-app';
import { createAdminApp } from './admin-app';
import type { EmulatorConfig } from './config';
import { CreditLedger } from './credit-ledger';
import type { EmulatorEnv } from './emulator-env';
import { FaultConfigSchema, type FaultConfig } from './fault-config';
import { FaultInjector } from './fault-injector';
import { createImagesApp } from './images-app';
import { RequestStats } from './middleware/request-stats';
import { TaskRunner, type TaskCounters, type TaskSchedule } from './task-runner';
import { TaskStore, type TaskStoreStats } from './task-store';

export interface EmulatorStats {
  requests: RequestStats['requests'];
  faults: RequestStats['faults'];
  imageDownloads: number;
  tasks: TaskCounters & { open: number };
  store: TaskStoreStats;
  credits: { total: number; used: number; reserved: number; available: number };
}

export interface Emulator {
  app: Hono<EmulatorEnv>;
  fetch: (request: Request) => Promise<Response>;
  store: TaskStore;
  setFaults(faults: Partial<FaultConfig>): FaultConfig;
  /** Changes the task schedule for tasks submitted from now on. */
  setSchedule(schedule: Partial<TaskSchedule>): TaskSchedule;
  stats(): EmulatorStats;
  reset(): void;
  close(): void;
}

export function createEmulator(config: EmulatorConfig): Emulator {
  const store = new TaskStore({ retentionMs: config.retentionMs, maxTasks: config.maxTasks, maxImageBytes: config.maxImageBytes });
  const credits = new CreditLedger(config.credits);
  const runner = new TaskRunner(store, credits, { queueMs: config.queueMs, runMs: config.runMs });
  const faults = new FaultInjector(config.faults);
  const counts = new RequestStats();
  const imageBaseUrl = (requestUrl: string): string => config.publicBaseUrl ?? new URL(requestUrl).origin;

  // Expired entries also leave while nobody asks, so an idle emulator shrinks back.
  const sweeper: unknown = setInterval(() => store.evict(Date.now()), Math.max(1000, Math.min(config.retentionMs, 60_000)));
  (sweeper as { unref?: () => void }).unref?.();

  function stats(): EmulatorStats {
    return {
      requests: counts.requests,
      faults: counts.faults,
      imageDownloads: counts.imageDownloads,
      tasks: { ...runner.counters, open: store.openTasks().length },
      store: store.stats(),
      credits: { total: credits.total, used: credits.used, reserved: credits.reserved, available: credits.available },
    };
  }

  function setFaults(input: Partial<FaultConfig>): FaultConfig {
    const parsed = FaultConfigSchema.parse(input);
    faults.configure(parsed);
    return parsed;
  }

  function setSchedule(schedule: Partial<TaskSchedule>): TaskSchedule {
    runner.schedule = {
      queueMs: schedule.queueMs ?? runner.schedule.queueMs,
      runMs: schedule.runMs ?? runner.schedule.runMs,
    };
    return runner.schedule;
  }

  function reset(): void {
    runner.close();
    runner.schedule = { queueMs: config.queueMs, runMs: config.runMs };
    store.clear();
    credits.reset(config.credits);
    faults.configure(config.faults);
    Object.assign(runner.counters, { submitted: 0, finished: 0, failed: 0, terminated: 0, imagesRendered: 0 });
    counts.reset();
  }

  const app = new Hono<EmulatorEnv>();
  app.route(
    '/',
    createActionsApp({
      config,
      faults,
      stats: counts,
      services: (c) => ({ store, runner, credits, faults, imageBaseUrl: imageBaseUrl(c.req.url), now: Date.now() }),
    }),
  );
  app.route('/images', createImagesApp(store, faults, counts));
  app.route('/__admin', createAdminApp({ store, runner, faults, stats, setSchedule, reset, imageBaseUrl }));
  app.get('/', (c) =>
    c.json({
      service: 'Backdrop PICPIK emulator (a local stand-in for PICPIK, not an AI model)',
      protocol: 'POST / with a signed PICPIK JSON body',
      actions: PICPIK_ACTIONS,
      schedule: runner.schedule,
    }),
  );
  app.notFound((c) => c.text('not found: PICPIK actions are POSTed to /', 404));

  return {
    app,
    fetch: async (request) => app.fetch(request),
    store,
    setFaults,
    setSchedule,
    stats,
    reset,
    close: () => {
      clearInterval(sweeper as Parameters<typeof clearInterval>[0]);
      runner.close();
    },
  };
}
