// The admin API mounted at /__admin: stats, the fault configuration, the task schedule, reset
// and finishing a task now. Not part of PICPIK's protocol: tests and the playground drive it.
import { z } from 'zod';
import { Hono } from 'hono';
import type { EmulatorEnv } from './emulator-env';
import { FaultConfigSchema, formatZodIssues } from './fault-config';
import type { FaultInjector } from './fault-injector';
import { describeTask } from './describe-task';
import type { TaskRunner, TaskSchedule } from './task-runner';
import type { TaskStore } from './task-store';

const ScheduleSchema = z.strictObject({
  queueMs: z.number().int('must be an integer').min(0, 'must be at least 0').max(600_000, 'must be at most 600000').optional(),
  runMs: z.number().int('must be an integer').min(0, 'must be at least 0').max(600_000, 'must be at most 600000').optional(),
});

interface AdminAppDeps {
  store: TaskStore;
  runner: TaskRunner;
  faults: FaultInjector;
  stats: () => unknown;
  setSchedule: (schedule: Partial<TaskSchedule>) => TaskSchedule;
  reset: () => void;
  imageBaseUrl: (requestUrl: string) => string;
}

export function createAdminApp({ store, runner, faults, stats, setSchedule, reset, imageBaseUrl }: AdminAppDeps): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.get('/stats', (c) => c.json(stats()));
  app.get('/faults', (c) => c.json(faults.config));
  app.post('/faults', async (c) => {
    let input: unknown;
    try {
      input = await c.req.json();
    } catch {
      return c.json({ error: 'the body must be JSON such as {"http500Rate": 1}' }, 400);
    }
    const parsed = FaultConfigSchema.safeParse(input);
    if (!parsed.success) return c.json({ error: `invalid fault configuration: ${formatZodIssues(parsed.error.issues)}` }, 400);
    faults.configure(parsed.data);
    return c.json(parsed.data);
  });
  app.post('/schedule', async (c) => {
    const parsed = ScheduleSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: `invalid schedule: ${formatZodIssues(parsed.error.issues)}` }, 400);
    return c.json(setSchedule(parsed.data));
  });
  app.post('/reset', (c) => {
    reset();
    return c.json({ reset: true });
  });
  app.post('/tasks/:uid/finish', async (c) => {
    const uid = c.req.param('uid');
    const task = (await runner.finishNowAsync(uid)) ?? store.get(uid, Date.now());
    if (!task) return c.json({ error: `task ${uid} not found` }, 404);
    return c.json(describeTask(task, imageBaseUrl(c.req.url)));
  });
  return app;
}
