// The relay as a standard fetch application (Hono): authenticate designers, validate their
// PICPIK requests, sign and forward them, and proxy result images. Runtime-specific pieces
// (fetch, DNS, clock) are injected; serve.ts is the Node entry. POST / is a pipeline of
// named stages in ./pipeline.
import { PICPIK_RESULT_LIFETIME_HOURS } from '../contract/result-lifetime';
import { Hono } from 'hono';
import { PICPIK_ACTIONS, type PicpikAction } from '../contract/schemas';
import { findKnownTaskDetail } from '../contract/task-status';
import { isImageFieldPath } from '../contract/image-fields';
import packageJson from '../../package.json' with { type: 'json' };
import type { RelayConfig } from './config';
import type { RelayStore } from './store/relay-store';
import { openInMemoryStoreAsync } from './store/in-memory-store';
import { createStoreHealth } from './store/store-health';
import { createRelayTeam, type RelayTeam } from './team/relay-team';
import type { RelayMetrics } from './relay-metrics';
import { RelayHttpError } from './relay-http-error';
import type { FastBytes } from './read-json-body';
import type { UpstreamDeps, UpstreamPost } from './upstream-call';
import { fetchResultImageAsync } from './fetch-result-image';
import { createImageUrlPolicy } from './image-url-policy';
import { createFinishedTaskCache, FINISHED_TASK_CACHE_MAX_TASKS, FINISHED_TASK_CACHE_TTL_MS } from './finished-task-cache';
import { createInflightBodyBudget } from './inflight-body-budget';
import { createAuthFailureLimiter } from './auth-failure-limiter';
import { createTaskWaits } from './task-wait/task-waits';
import { TASK_WAIT_PATH } from '../contract/task-wait';
import { createRelayTaskLookup } from './relay-task-lookup';
import type { AccessLogLine, RelayEnv } from './pipeline/relay-env';
import { relayCors } from './pipeline/relay-cors';
import { accessLog } from './pipeline/access-log';
import { createErrorAnswer } from './pipeline/error-answer';
import { admitDesigner } from './pipeline/admit-designer';
import { requireJson } from './pipeline/require-json';
import { readBody } from './pipeline/read-body';
import { createBodyBufferPool, type BodyBufferPool } from './body-buffer-pool';
import type { OpenBodyReader } from './read-body-limited';
import { checkEnvelope } from './pipeline/check-envelope';
import { validateParams } from './pipeline/validate-params';
import { signAndForward } from './pipeline/sign-and-forward';

export type { AccessLogLine } from './pipeline/relay-env';
export { RETRYABLE_ACTIONS } from './pipeline/sign-and-forward';

const RELAY_VERSION: string = packageJson.version;

/** Actions the relay forwards: the contract's actions; everything else is refused with 403. */
const RELAY_ALLOWED_ACTIONS: readonly PicpikAction[] = PICPIK_ACTIONS;

export interface RelayDeps {
  fetch?: typeof fetch;
  /** A lean POST for the JSON calls to PICPIK, when the runtime has one (the Node entry does). */
  post?: UpstreamPost;
  /** Native byte helpers for large bodies (the Node entry passes them); others take the portable path. */
  fastBytes?: FastBytes;
  log?: (line: object) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Host name -> IP addresses, for the image SSRF check; the Node entry passes a DNS lookup. */
  resolveHost?: (hostname: string) => Promise<string[]>;
  randomUuid?: () => string;
  /** The client's network address (for limiting failed authentication); the Node entry passes the socket's. */
  clientAddress?: (request: Request, env: unknown) => string | undefined;
  /** Opens a request's body as the runtime delivers it, for large bodies (the Node entry reads its IncomingMessage: see node-body-reader.ts). */
  bodyReader?: OpenBodyReader;
  /** Designers, task owners, usage and shared limits; without one the app keeps them in memory. */
  store?: RelayStore;
  /** Counters for GET /metrics; without them the route answers 404. */
  metrics?: RelayMetrics;
  /** Large-body buffers; without one the app makes its own (tests pass one to watch its idle memory). */
  bodyBuffers?: BodyBufferPool;
  /** Aborted when the server starts closing: open long-polls answer at once. */
  closing?: AbortSignal;
}

const TASK_UID = /^[A-Za-z0-9._-]{1,128}$/;
const MAX_IMAGE_INDEX = 63;

/** Times each upstream call for the metrics; the call itself is unchanged. */
function timedUpstream<F extends (...args: never[]) => Promise<unknown>>(call: F, kind: 'json' | 'fetch', metrics: RelayMetrics | undefined): F {
  if (!metrics) return call;
  return (async (...args: Parameters<F>) => {
    const started = performance.now();
    try {
      const result = await call(...args);
      metrics.observeUpstream(kind, (performance.now() - started) / 1000, false);
      return result;
    } catch (error) {
      metrics.observeUpstream(kind, (performance.now() - started) / 1000, true);
      throw error;
    }
  }) as F;
}

export function createRelayApp(config: RelayConfig, deps: RelayDeps = {}) {
  const log = deps.log ?? ((line: object) => console.log(JSON.stringify(line)));
  const now = deps.now ?? (() => Date.now());
  const upstreamDeps: UpstreamDeps = {
    fetch: timedUpstream(deps.fetch ?? ((input, init) => fetch(input, init)), 'fetch', deps.metrics),
    ...(deps.post ? { post: timedUpstream(deps.post, 'json', deps.metrics) } : {}),
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: deps.random ?? Math.random,
  };
  const randomUuid = deps.randomUuid ?? (() => crypto.randomUUID());
  const keys = { publicKey: config.publicKey, privateKey: config.privateKey };
  const authFailures = createAuthFailureLimiter(config.authFailuresPerMin, now);
  // Idle large-body buffers kept for the next uploads: at most one largest body's worth.
  const bodyBuffers = deps.bodyBuffers ?? createBodyBufferPool(Math.min(config.inflightBodyBytes, config.bodyLimitBytes));
  const inflightBodies = createInflightBodyBudget({ totalBytes: config.inflightBodyBytes, perTokenBytes: config.inflightBodyBytesPerToken });
  // --- team store hook: every team rule lives in ./team; the app calls it at four points.
  const storeReady = deps.store ? Promise.resolve(deps.store) : openInMemoryStoreAsync(config.tokens, now());
  const teamReady: Promise<RelayTeam> = storeReady.then((store) =>
    createRelayTeam(store, {
      rateLimitPerMin: config.rateLimitPerMin,
      teamVisibleTasks: config.teamVisibleTasks,
      now,
      onCreditsRecorded: (credits) => deps.metrics?.addCredits(credits),
      onStoreFault: (what, error) => log({ time: new Date(now()).toISOString(), error: `store: ${what} failed: ${error instanceof Error ? error.message : String(error)}` }),
    }),
  );
  teamReady.catch(() => undefined); // surfaces per request as a 500 instead of an unhandled rejection
  const storeHealth = createStoreHealth(storeReady, now);
  const imagePolicy = createImageUrlPolicy(config.apiUrl);
  // Filled from the ListTasksDetails answers passing through: the poll that sees a task finish
  // is followed by its image downloads, which then need no lookup of their own.
  const finishedTasks = createFinishedTaskCache({ maxTasks: FINISHED_TASK_CACHE_MAX_TASKS, ttlMs: FINISHED_TASK_CACHE_TTL_MS, now });
  const upstreamUrl = `${config.apiUrl}/`;
  const allowedActions = new Set<string>(
    RELAY_ALLOWED_ACTIONS.filter((action) => action !== 'GetCreditBalance' || config.allowCreditBalance),
  );
  const jsonLimits = {
    maxDepth: config.maxJsonDepth,
    maxStringBytes: config.maxStringBytes,
    // Base64 images are the one place long strings belong; the body limit bounds them.
    allowsLargeString: isImageFieldPath,
    maxListItems: config.maxListItems,
  };
  const shapeLimits = { maxElements: config.maxJsonElements, maxDepth: config.maxJsonDepth, maxStringBytes: config.maxStringBytes };
  const lookupPolicy = { retries: config.upstreamRetries, timeoutMs: config.upstreamTimeoutMs };

  const lookUpTasksAsync = createRelayTaskLookup({ upstreamUrl, keys, policy: lookupPolicy, upstreamDeps, randomUuid });

  // --- wait route hook: one shared poller for every POST /v1/tasks/wait on this replica.
  const taskWaits = createTaskWaits({
    lookUpTasksAsync: (taskUids) => lookUpTasksAsync(taskUids),
    finishedTasks,
    teamReady,
    now,
    metrics: deps.metrics,
    closing: deps.closing,
    body: { minBytesPerSec: config.bodyMinBytesPerSec, graceMs: config.bodyGraceMs, now },
  });

  const app = new Hono<RelayEnv>();
  const errors = createErrorAnswer();
  app.use('*', relayCors());
  app.use('*', accessLog({ log, now, metrics: deps.metrics, isQuiet: errors.isQuiet }));
  app.onError(errors.answerError);
  app.notFound((c) => {
    throw new RelayHttpError(404, `There is nothing at ${c.req.method} ${c.req.path} on this relay.`, { detail: 'no route' });
  });

  app.get('/healthz', async (c) => {
    const store = await storeHealth();
    const body = { ok: store.reachable, version: RELAY_VERSION, upstream: new URL(config.apiUrl).host, store, tasksWait: taskWaits.offer };
    return c.json(body, store.reachable ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    if (!deps.metrics) throw new RelayHttpError(404, 'This relay does not publish metrics.', { detail: 'no metrics' });
    const rendered = await deps.metrics.renderAsync();
    return c.body(rendered.body, 200, { 'content-type': rendered.contentType });
  });

  const admit = admitDesigner({ authFailures, teamReady, clientAddress: deps.clientAddress });

  app.post(TASK_WAIT_PATH, admit, requireJson(), async (c) => c.json(await taskWaits.answerAsync(c.req.raw, c.get('designer'))));

  app.get('/v1/me', admit, async (c) => c.json(await (await teamReady).meAsync(c.get('designer'))));

  app.post(
    '/',
    admit,
    requireJson(),
    readBody(
      { bodyLimitBytes: config.bodyLimitBytes, bodyMinBytesPerSec: config.bodyMinBytesPerSec, bodyGraceMs: config.bodyGraceMs, shape: shapeLimits },
      inflightBodies,
      { fastBytes: deps.fastBytes, bodyReader: deps.bodyReader, now, earlyUpstream: upstreamDeps.post ? { url: upstreamUrl, post: upstreamDeps.post, keys } : undefined, bodyBuffers },
    ),
    checkEnvelope(jsonLimits, allowedActions, { fastBytes: deps.fastBytes, randomUuid }),
    validateParams({ maxPromptTextBytes: config.maxPromptTextBytes, debugLogBodies: config.debugLogBodies }),
    signAndForward({ keys, upstreamUrl, upstreamRetries: config.upstreamRetries, upstreamTimeoutMs: config.upstreamTimeoutMs, teamReady, finishedTasks, upstreamDeps }),
  );

  /** ImgList[index] of a task, asked of PICPIK (ListTasksDetails for that one task). */
  async function lookUpImageUrlAsync(taskUid: string, index: number, requestUuid: string, access: Partial<AccessLogLine>): Promise<string> {
    const details = await lookUpTasksAsync([taskUid], {
      requestUuid,
      onExchange: ({ attempts, retCode }) => {
        access.attempts = attempts;
        if (retCode !== undefined) access.upstreamRetCode = retCode;
      },
    });
    const task = findKnownTaskDetail(details.TaskDetailList, taskUid);
    if (!task) throw new RelayHttpError(404, `PICPIK does not know the task ${taskUid} (results are kept for ${PICPIK_RESULT_LIFETIME_HOURS} hours).`, { field: 'TaskUID' });
    finishedTasks.rememberFromAnswer(details);
    await (await teamReady).recordUsageAsync(details);
    const imageUrl = task.ImgList[index];
    if (imageUrl === undefined) {
      throw new RelayHttpError(
        404,
        `The task ${taskUid} has no image ${index} (it has ${task.ImgList.length}; status ${JSON.stringify(task.Status)}).`,
        { field: 'index' },
      );
    }
    return imageUrl;
  }

  app.get('/v1/tasks/:taskUid/images/:index', admit, async (c) => {
    const access = c.get('access');
    const taskUid = c.req.param('taskUid') ?? '';
    const indexText = c.req.param('index') ?? '';
    if (!TASK_UID.test(taskUid)) {
      throw new RelayHttpError(400, 'The task id must be 1-128 letters, digits, ".", "_" or "-".', { field: 'TaskUID' });
    }
    if (!/^\d{1,3}$/.test(indexText) || Number(indexText) > MAX_IMAGE_INDEX) {
      throw new RelayHttpError(400, `The image index must be a whole number from 0 to ${MAX_IMAGE_INDEX}.`, { field: 'index' });
    }
    const index = Number(indexText);
    const requestUuid = randomUuid();
    access.request_uuid = requestUuid;
    const team = await teamReady;
    await team.assertTaskVisibleAsync(c.get('designer'), taskUid);
    // A cached URL goes through exactly the same image policy as a freshly looked-up one; the
    // store holds the image lists any replica saw finish.
    let imageUrl = finishedTasks.imagesOf(taskUid)?.[index] ?? (await team.imageUrlsOfAsync(taskUid))?.[index];
    access.taskCache = imageUrl === undefined ? 'miss' : 'hit';
    imageUrl ??= await lookUpImageUrlAsync(taskUid, index, requestUuid, access);
    const image = await fetchResultImageAsync(
      imageUrl,
      imagePolicy,
      { retries: config.upstreamRetries, timeoutMs: config.upstreamTimeoutMs, maxBytes: config.imageMaxBytes, clientTimeoutMs: config.imageClientTimeoutMs },
      { ...upstreamDeps, ...(deps.resolveHost ? { resolveHost: deps.resolveHost } : {}) },
    );
    const headers: Record<string, string> = {
      'content-type': image.contentType,
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
    };
    if (image.contentLength !== undefined) headers['content-length'] = String(image.contentLength);
    // The access line waits for the transfer's end, so a cut download is logged as the error it is.
    access.transfer = image.ended;
    return c.body(image.body, 200, headers);
  });

  return app;
}
