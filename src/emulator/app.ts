// The emulator as a Hono app: PICPIK actions at POST /, result images at /images/:token.png,
// and an admin API under /__admin/ for stats, fault injection, reset and finishing tasks.
import { z } from 'zod';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { HttpBindings } from '@hono/node-server';
import { setTimeout as sleepAsync } from 'node:timers/promises';
import { PICPIK_ACTIONS, isPicpikAction, parseActionParams, type PicpikAction, isTaskAction } from '../contract/schemas';
import { checkActionPixelsAsync } from '../contract/png-monochrome';
import { verifySignature } from '../contract/signature';
import type { ContractIssue } from '../contract/issues';
import type { EmulatorConfig } from './config';
import { FaultConfigSchema, describeZodIssues, type FaultConfig } from './fault-config';
import { FaultInjector, IMAGE_DOWNLOAD_ACTION } from './fault-injector';
import { RET_CODES } from './ret-codes';
import { TaskStore, type TaskStoreStats } from './task-store';
import { describeTask } from './describe-task';
import { TaskRunner, type TaskCounters, type TaskSchedule } from './task-runner';
import { CreditLedger } from './credit-ledger';
import { refuse, type ActionHandler, type ActionOutcome, type ActionServices } from './actions/action-handler';
import { ACTION_HANDLERS } from './actions/action-handlers';

export interface EmulatorStats {
  requests: { total: number; byAction: Record<string, number>; byRetCode: Record<string, number> };
  faults: { http500: number; dropped: number; rateLimited: number; submitRetCodes: number; slowed: number; delayed: number };
  imageDownloads: number;
  tasks: TaskCounters & { open: number };
  store: TaskStoreStats;
  credits: { total: number; used: number; reserved: number; available: number };
}

export interface Emulator {
  app: Hono<{ Bindings: Partial<HttpBindings> }>;
  fetch: (request: Request) => Promise<Response>;
  store: TaskStore;
  setFaults(faults: Partial<FaultConfig>): FaultConfig;
  /** Changes the task schedule for tasks submitted from now on. */
  setSchedule(schedule: Partial<TaskSchedule>): TaskSchedule;
  stats(): EmulatorStats;
  reset(): void;
  close(): void;
}

type Body = Record<string, unknown>;
type AppContext = Context<{ Bindings: Partial<HttpBindings> }>;

const ScheduleSchema = z.strictObject({
  queueMs: z.number().int('must be an integer').min(0, 'must be at least 0').max(600_000, 'must be at most 600000').optional(),
  runMs: z.number().int('must be an integer').min(0, 'must be at least 0').max(600_000, 'must be at most 600000').optional(),
});


function newStats(): Pick<EmulatorStats, 'requests' | 'faults' | 'imageDownloads'> {
  return {
    requests: { total: 0, byAction: {}, byRetCode: {} },
    faults: { http500: 0, dropped: 0, rateLimited: 0, submitRetCodes: 0, slowed: 0, delayed: 0 },
    imageDownloads: 0,
  };
}

function isRecord(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which RetCode a set of validation issues maps to: the most specific rule wins. */
function retCodeForIssues(issues: readonly ContractIssue[]): number {
  if (issues.some((issue) => issue.rule === 'image_index')) return RET_CODES.imageIndexOutOfRange;
  if (issues.some((issue) => issue.rule === 'foreground_png' || issue.rule === 'foreground_alpha')) return RET_CODES.foregroundNotTransparentPng;
  return RET_CODES.invalidParam;
}

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
function dropConnection(c: AppContext): Response {
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

export function createEmulator(config: EmulatorConfig): Emulator {
  const store = new TaskStore({ retentionMs: config.retentionMs, maxTasks: config.maxTasks, maxImageBytes: config.maxImageBytes });
  const credits = new CreditLedger(config.credits);
  const runner = new TaskRunner(store, credits, { queueMs: config.queueMs, runMs: config.runMs });
  const faults = new FaultInjector(config.faults);
  let counts = newStats();

  function imageBaseUrl(c: AppContext): string {
    return config.publicBaseUrl ?? new URL(c.req.url).origin;
  }

  async function runActionAsync(action: PicpikAction, body: Body, c: AppContext): Promise<ActionOutcome> {
    if (isTaskAction(action) && faults.config.submitRetCode !== 0 && faults.appliesTo(action) && faults.hits(faults.config.submitRetCodeRate)) {
      counts.faults.submitRetCodes++;
      return refuse(faults.config.submitRetCode, 'the service cannot take this task right now (injected fault): try again later');
    }
    const parsed = parseActionParams(action, body);
    if (!parsed.ok) return refuse(retCodeForIssues(parsed.issues), parsed.issues.map((issue) => issue.message).join('; '));
    const pixelIssues = await checkActionPixelsAsync(action, parsed.value as Body);
    if (pixelIssues.length > 0) return refuse(RET_CODES.invalidParam, pixelIssues.map((issue) => issue.message).join('; '));
    const services: ActionServices = { store, runner, credits, faults, imageBaseUrl: imageBaseUrl(c), now: Date.now() };
    return (ACTION_HANDLERS[action] as ActionHandler<PicpikAction>)(parsed.value, services);
  }

  /** Envelope checks in the service's order: JSON, PublicKey, Signature, Action, then parameters. */
  async function answerActionAsync(body: unknown, c: AppContext): Promise<{ action: string; outcome: ActionOutcome }> {
    if (!isRecord(body)) return { action: '', outcome: refuse(RET_CODES.malformedRequest, 'the request body must be a JSON object') };
    const action = typeof body['Action'] === 'string' ? body['Action'] : '';
    if (body['PublicKey'] !== config.publicKey) {
      const message = typeof body['PublicKey'] === 'string' ? 'PublicKey is not a known key: check the key pair' : 'PublicKey is required';
      return { action, outcome: refuse(RET_CODES.unknownPublicKey, message) };
    }
    if (typeof body['Signature'] !== 'string' || !verifySignature(body, config.privateKey)) {
      const message = typeof body['Signature'] === 'string' ? 'Signature does not match the parameters: sign with the private key that belongs to PublicKey' : 'Signature is required';
      return { action, outcome: refuse(RET_CODES.badSignature, message) };
    }
    if (!isPicpikAction(action)) {
      const message = action ? `Action ${JSON.stringify(action)} is not supported: use one of ${PICPIK_ACTIONS.join(', ')}` : 'Action is required';
      return { action, outcome: refuse(RET_CODES.unknownAction, message) };
    }
    return { action, outcome: await runActionAsync(action, body, c) };
  }

  const app = new Hono<{ Bindings: Partial<HttpBindings> }>();

  // Expired entries also leave while nobody asks, so an idle emulator shrinks back.
  const sweeper: unknown = setInterval(() => store.evict(Date.now()), Math.max(1000, Math.min(config.retentionMs, 60_000)));
  (sweeper as { unref?: () => void }).unref?.();

  app.post(
    '/',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: (c) =>
        c.json({ Action: 'Response', RetCode: RET_CODES.bodyTooLarge, Message: `the request body is larger than ${config.maxBodyBytes} bytes: send smaller images` }, 413),
    }),
  );

  /** The request-level faults for one request, in order; a Response when one of them answers. */
  async function injectRequestFaultsAsync(c: AppContext, action: string, requestUuid: string | undefined): Promise<Response | undefined> {
    if (!faults.appliesTo(action)) return undefined;
    const fault = faults.config;
    if (fault.latencyMs > 0) {
      counts.faults.delayed++;
      await sleepAsync(fault.latencyMs);
    }
    if (action !== IMAGE_DOWNLOAD_ACTION) {
      const retryAfter = faults.takeRateLimitSlot(Date.now());
      if (retryAfter > 0) {
        counts.faults.rateLimited++;
        c.header('Retry-After', String(retryAfter));
        const message = `rate limit of ${fault.rateLimitPerMin} requests per minute exceeded: retry in ${retryAfter} s`;
        return c.json({ Action: `${action}Response`, RetCode: RET_CODES.rateLimited, Message: message, ...(requestUuid ? { request_uuid: requestUuid } : {}) }, 429);
      }
    }
    if (faults.hits(fault.dropRate)) {
      counts.faults.dropped++;
      return dropConnection(c);
    }
    if (faults.hits(fault.http500Rate)) {
      counts.faults.http500++;
      return c.text('Internal Server Error (injected fault)', 500);
    }
    return undefined;
  }

  async function slowDownIfFaultyAsync(action: string, response: Response): Promise<Response> {
    if (!faults.appliesTo(action) || faults.config.slowMs <= 0) return response;
    counts.faults.slowed++;
    return trickleResponseAsync(response, faults.config.slowMs);
  }

  app.post('/', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      body = undefined;
    }
    const declaredAction = isRecord(body) && typeof body['Action'] === 'string' ? body['Action'] : '';
    const requestUuid = isRecord(body) && typeof body['request_uuid'] === 'string' ? body['request_uuid'] : undefined;
    counts.requests.total++;
    const actionKey = declaredAction || '(none)';
    counts.requests.byAction[actionKey] = (counts.requests.byAction[actionKey] ?? 0) + 1;

    const faultResponse = await injectRequestFaultsAsync(c, declaredAction, requestUuid);
    if (faultResponse) return faultResponse;

    let action = declaredAction;
    let outcome: ActionOutcome;
    try {
      ({ action, outcome } = await answerActionAsync(body, c));
    } catch (error) {
      outcome = refuse(RET_CODES.internalError, `the emulator failed: ${(error as Error).message}`);
    }
    counts.requests.byRetCode[String(outcome.retCode)] = (counts.requests.byRetCode[String(outcome.retCode)] ?? 0) + 1;
    const response = c.json({
      ...outcome.fields,
      Action: action ? `${action}Response` : 'Response',
      RetCode: outcome.retCode,
      Message: outcome.message ?? '',
      ...(requestUuid ? { request_uuid: requestUuid } : {}),
    });
    return slowDownIfFaultyAsync(declaredAction, response);
  });

  app.get('/images/:file', async (c) => {
    const file = c.req.param('file');
    const token = file.endsWith('.png') ? file.slice(0, -4) : '';
    const faultResponse = await injectRequestFaultsAsync(c, IMAGE_DOWNLOAD_ACTION, undefined);
    if (faultResponse) return faultResponse;
    const image = token ? store.getImage(token, Date.now()) : undefined;
    if (!image) return c.text('image not found: it has expired or never existed', 404);
    counts.imageDownloads++;
    const response = new Response(new Uint8Array(image.bytes), {
      headers: {
        'Content-Type': 'image/png',
        'Cache-Control': 'private, max-age=86400',
        'Content-Length': String(image.bytes.length),
        // The playground may show results straight from the emulator.
        'Access-Control-Allow-Origin': '*',
      },
    });
    return slowDownIfFaultyAsync(IMAGE_DOWNLOAD_ACTION, response);
  });

  function stats(): EmulatorStats {
    return {
      ...counts,
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
    counts = newStats();
  }

  app.get('/__admin/stats', (c) => c.json(stats()));
  app.get('/__admin/faults', (c) => c.json(faults.config));
  app.post('/__admin/faults', async (c) => {
    let input: unknown;
    try {
      input = await c.req.json();
    } catch {
      return c.json({ error: 'the body must be JSON such as {"http500Rate": 1}' }, 400);
    }
    const parsed = FaultConfigSchema.safeParse(input);
    if (!parsed.success) return c.json({ error: `invalid fault configuration: ${describeZodIssues(parsed.error.issues)}` }, 400);
    faults.configure(parsed.data);
    return c.json(parsed.data);
  });
  app.post('/__admin/schedule', async (c) => {
    const parsed = ScheduleSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: `invalid schedule: ${describeZodIssues(parsed.error.issues)}` }, 400);
    return c.json(setSchedule(parsed.data));
  });
  app.post('/__admin/reset', (c) => {
    reset();
    return c.json({ reset: true });
  });
  app.post('/__admin/tasks/:uid/finish', async (c) => {
    const uid = c.req.param('uid');
    const task = (await runner.finishNowAsync(uid)) ?? store.get(uid, Date.now());
    if (!task) return c.json({ error: `task ${uid} not found` }, 404);
    return c.json(describeTask(task, imageBaseUrl(c)));
  });

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
