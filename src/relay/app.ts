// The relay as a standard fetch application (Hono): authenticate designers, validate their
// PICPIK requests, sign and forward them, and proxy result images. Runtime-specific pieces
// (fetch, DNS, clock, hashing) are injected; serve.ts is the Node entry.
import { Hono, type Context } from 'hono';
import { isPicpikAction, ListTasksDetailsResponseSchema, parseActionParams, PICPIK_ACTIONS, type PicpikAction } from '../contract/schemas';
import { findKnownTaskDetail } from '../contract/task-status';
import { isImageFieldPath } from '../contract/image-fields';
import { checkActionPixelsAsync } from '../contract/png-monochrome';
import { signParams, type HashLike } from '../contract/signature';
import packageJson from '../../package.json' with { type: 'json' };
import type { RelayConfig } from './config';
import type { RelayStore } from './store/relay-store';
import { openInMemoryStoreAsync } from './store/in-memory-store';
import { createStoreHealth } from './store/store-health';
import { createRelayTeam, type RelayTeam } from './team/relay-team';
import type { Designer } from './store/relay-store';
import type { RelayMetrics } from './relay-metrics';
import { RelayError } from './relay-error';
import { parseJsonBody, type FastBytes, type RawString } from './read-json-body';
import { readBodyLimitedAsync } from './read-body-limited';
import { outcomeUnknownError, postUpstreamJsonAsync, type UpstreamDeps, type UpstreamPost } from './upstream-call';
import { fetchResultImageAsync } from './fetch-result-image';
import { createImageUrlPolicy } from './image-url-policy';
import { encodeUpstreamPieces } from './encode-upstream-body';
import { createFinishedTaskCache, FINISHED_TASK_CACHE_MAX_TASKS, FINISHED_TASK_CACHE_TTL_MS } from './finished-task-cache';
import { createJsonShapeScanner } from './json-shape-scan';
import { createInflightBodyBudget } from './inflight-body-budget';
import { checkImageList, checkPromptText } from './request-content-rules';
import { createAuthFailureLimiter } from './auth-failure-limiter';
import { assertLoopbackRequest } from './loopback-request-guard';
import { paramsForLog } from './params-for-log';
import { createTaskWaits } from './task-wait/task-waits';
import { TASK_WAIT_PATH } from '../contract/task-wait';

const RELAY_VERSION: string = packageJson.version;

/** Actions the relay forwards: the contract's actions; everything else is refused with 403. */
const RELAY_ALLOWED_ACTIONS: readonly PicpikAction[] = PICPIK_ACTIONS;

/**
 * Read-only actions, safe to repeat after a transient fault. Submitting a task (GenerateBackgrounds,
 * RemoveBackground, RemoveBackgroundsInBatch, RemoveContents: each costs credits) and cancelling
 * never are: a repeat after a lost answer could start and charge a second task.
 */
export const RETRYABLE_ACTIONS: ReadonlySet<string> = new Set(['ListTasksDetails', 'ListModels', 'ListRunningTasks', 'GetCreditBalance']);

export interface AccessLogLine {
  time: string;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  action?: string;
  tokenId?: string;
  request_uuid?: string;
  bytesIn?: number;
  bytesOut?: number;
  upstreamRetCode?: number;
  attempts?: number;
  /** For image downloads: whether the task's image list came from the relay's cache. */
  taskCache?: 'hit' | 'miss';
  error?: string;
  params?: unknown;
  /** Set by a streaming route: the line is written once the transfer ends, with what it adds. */
  transfer?: Promise<Partial<AccessLogLine>>;
}

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
  createHash?: () => HashLike;
  /** Host name -> IP addresses, for the image SSRF check; the Node entry passes a DNS lookup. */
  resolveHost?: (hostname: string) => Promise<string[]>;
  randomUuid?: () => string;
  /** The client's network address (for limiting failed authentication); the Node entry passes the socket's. */
  clientAddress?: (request: Request, env: unknown) => string | undefined;
  /** Designers, task owners, usage and shared limits; without one the app keeps them in memory. */
  store?: RelayStore;
  /** Counters for GET /metrics; without them the route answers 404. */
  metrics?: RelayMetrics;
  /** Aborted when the server starts closing: open long-polls answer at once. */
  closing?: AbortSignal;
}

type RelayEnv = { Variables: { access: Partial<AccessLogLine>; tokenId: string; designer: Designer } };

const REQUEST_UUID = /^[A-Za-z0-9._:-]{1,128}$/;
const TASK_UID = /^[A-Za-z0-9._-]{1,128}$/;
const MAX_IMAGE_INDEX = 63;
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

// CORS for the plugin's null origin. Written by hand rather than with hono/cors: that middleware
// creates a placeholder response before the route runs, which makes Hono rebuild the route's
// response around its body stream and costs the Node adapter its direct write (~0.3 ms a request).
const CORS_HEADERS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Retry-After' };
const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'access-control-max-age': '600',
  'access-control-allow-methods': 'GET,POST,OPTIONS',
  'access-control-allow-headers': 'Authorization,Content-Type',
  vary: 'Access-Control-Request-Headers',
};

/** A refusal answered like any other but left out of the access log (a flood's repeats). */
class QuietRefusal extends RelayError {}

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
  const authFailures = createAuthFailureLimiter(config.authFailuresPerMin, now);
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

  /** Adds the envelope, signs, and serialises once into the pieces that go upstream. */
  function signedPayload(params: Record<string, unknown>, requestUuid: string, rawStrings: readonly RawString[] = []): Uint8Array[] {
    const envelope: Record<string, unknown> = { ...params, PublicKey: config.publicKey, request_uuid: requestUuid };
    const bytesOf = rawStrings.length === 0 ? undefined : (piece: string) => rawStrings.find((raw) => raw.text === piece)?.bytes;
    envelope['Signature'] = signParams(envelope, config.privateKey, deps.createHash, bytesOf);
    return encodeUpstreamPieces(envelope, rawStrings);
  }

  // --- wait route hook: one shared poller for every POST /v1/tasks/wait on this replica.
  const taskWaits = createTaskWaits({
    listTasksDetailsAsync: async (taskUids) =>
      (await postUpstreamJsonAsync(upstreamUrl, signedPayload({ Action: 'ListTasksDetails', TaskUIDList: [...taskUids] }, randomUuid()), { retries: config.upstreamRetries, timeoutMs: config.upstreamTimeoutMs }, upstreamDeps)).json,
    finishedTasks,
    teamReady,
    now,
    metrics: deps.metrics,
    closing: deps.closing,
  });

  const app = new Hono<RelayEnv>();
  /** Answers not worth a log line each (repeated refusals of a flooding address). */
  const quietRefusals = new WeakSet<Response>();

  app.use('*', async (c, next) => {
    if (c.req.method === 'OPTIONS') return c.body(null, 204, PREFLIGHT_HEADERS);
    // Prepared headers: merged into whatever response the route or the error handler builds.
    for (const [name, value] of Object.entries(CORS_HEADERS)) c.header(name, value);
    await next();
    return undefined;
  });

  app.use('*', async (c, next) => {
    const started = now();
    const access: Partial<AccessLogLine> = {};
    c.set('access', access);
    await next();
    if (quietRefusals.has(c.res)) return;
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
  });

  app.onError((error, c) => {
    const access = c.get('access') ?? {};
    const relayError =
      error instanceof RelayError
        ? error
        : new RelayError(500, 'The relay hit an unexpected problem. Try again; if it persists, tell whoever runs the relay.', {
            detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
    access.error = relayError.detail ?? relayError.publicMessage;
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (relayError.retryAfterSeconds !== undefined) headers['retry-after'] = String(relayError.retryAfterSeconds);
    if (relayError.closeConnection) headers['connection'] = 'close';
    const body = relayError.toBody({
      ...(access.action !== undefined ? { action: access.action } : {}),
      ...(access.request_uuid !== undefined ? { requestUuid: access.request_uuid } : {}),
    });
    const response = c.body(JSON.stringify(body), relayError.status, headers);
    if (error instanceof QuietRefusal) quietRefusals.add(response);
    return response;
  });

  app.notFound((c) => {
    throw new RelayError(404, `There is nothing at ${c.req.method} ${c.req.path} on this relay.`, { detail: 'no route' });
  });

  app.get('/healthz', async (c) => {
    const store = await storeHealth();
    const body = { ok: store.reachable, version: RELAY_VERSION, upstream: new URL(config.apiUrl).host, store, tasksWait: taskWaits.offer };
    return c.json(body, store.reachable ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    if (!deps.metrics) throw new RelayError(404, 'This relay does not publish metrics.', { detail: 'no metrics' });
    const rendered = await deps.metrics.renderAsync();
    return c.body(rendered.body, 200, { 'content-type': rendered.contentType });
  });

  /**
   * The failed-authentication limit per client address, bearer auth against the team store (or,
   * while the store has no designers, the loopback-only rule), then the shared per-designer
   * rate limit.
   */
  async function admit(c: Context<RelayEnv>, next: () => Promise<void>): Promise<void> {
    const access = c.get('access');
    const address = deps.clientAddress?.(c.req.raw, c.env) ?? 'unknown';
    const allowed = authFailures.check(address);
    if (!allowed.allowed) {
      const options = { detail: 'failed authentication limit', retryAfterSeconds: allowed.retryAfterSeconds };
      const message = `Too many failed sign-ins from this address. Try again in ${allowed.retryAfterSeconds} s with a valid token.`;
      throw allowed.log ? new RelayError(429, message, options) : new QuietRefusal(429, message, options);
    }
    const team = await teamReady;
    let designer: Designer;
    try {
      designer = await team.admitAsync(c.req.header('authorization'), () => assertLoopbackRequest(new URL(c.req.url).host, c.req.header('origin')));
    } catch (error) {
      // Only a refused token stays counted; a store fault or a rate limit is not a failed sign-in.
      if (!(error instanceof RelayError && error.status === 401)) authFailures.succeeded(address);
      throw error;
    }
    authFailures.succeeded(address);
    access.tokenId = designer.name;
    c.set('tokenId', designer.name);
    c.set('designer', designer);
    await next();
  }

  app.post(TASK_WAIT_PATH, admit, async (c) => c.json(await taskWaits.answerAsync(c.req.raw, c.get('designer'))));

  app.get('/v1/me', admit, async (c) => c.json(await (await teamReady).meAsync(c.get('designer'))));

  app.post('/', admit, async (c) => {
    const contentType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json') {
      throw new RelayError(415, 'The relay accepts only JSON bodies (Content-Type: application/json).', {
        field: 'Content-Type',
        detail: `content type "${contentType ?? ''}"`,
      });
    }
    // The body's bytes count against the in-flight budget until its answer is ready.
    const reservation = inflightBodies.open(c.get('tokenId'));
    try {
      return await handlePost(c, reservation.grow);
    } finally {
      reservation.release();
    }
  });

  async function handlePost(c: Context<RelayEnv>, reserve: (bytes: number) => void): Promise<Response> {
    const access = c.get('access');
    // A large body is held at most twice: its bytes, and the image text made from them. The
    // image's bytes then go upstream as they are, so nothing is encoded a third time.
    const scanner = createJsonShapeScanner(shapeLimits, deps.fastBytes);
    const bytes = await readBodyLimitedAsync(c.req.raw, config.bodyLimitBytes, {
      onChunk: scanner.feed,
      reserve,
      minBytesPerSec: config.bodyMinBytesPerSec,
      graceMs: config.bodyGraceMs,
      now,
    });
    access.bytesIn = bytes.byteLength;
    const { params, rawStrings } = parseJsonBody(bytes, jsonLimits, deps.fastBytes);

    const action = params['Action'];
    if (typeof action !== 'string' || action.length === 0) {
      const problem = action === undefined ? 'is required' : 'must be text';
      throw new RelayError(400, `Action ${problem}: the name of the PICPIK action, e.g. "ListModels".`, { field: 'Action' });
    }
    access.action = action.slice(0, 64);
    const callerUuid = params['request_uuid'];
    if (callerUuid !== undefined) {
      if (typeof callerUuid !== 'string' || !REQUEST_UUID.test(callerUuid)) {
        throw new RelayError(400, 'request_uuid must be text of 1-128 letters, digits, ".", "_", ":" or "-", such as a UUID.', {
          field: 'request_uuid',
        });
      }
      access.request_uuid = callerUuid;
    }
    if (!isPicpikAction(action) || !allowedActions.has(action)) {
      throw new RelayError(403, `The action "${access.action}" is not allowed through this relay.`, { field: 'Action' });
    }
    for (const field of ['PublicKey', 'Signature'] as const) {
      if (field in params) {
        throw new RelayError(400, `${field} must not be sent: the relay adds it. Remove it from the request.`, { field });
      }
    }
    const requestUuid = typeof callerUuid === 'string' ? callerUuid : randomUuid();
    access.request_uuid = requestUuid;
    checkPromptText(params, config.maxPromptTextBytes);
    checkImageList(params);

    const parsed = parseActionParams(action, params);
    // Checks that need an image's pixels (a RemoveContents mask) run once the fields have passed.
    const issues = parsed.ok ? await checkActionPixelsAsync(action, parsed.value as Record<string, unknown>) : parsed.issues;
    if (!parsed.ok || issues.length > 0) {
      const first = issues[0];
      const shown = issues.slice(0, 5).map((issue) => issue.message);
      if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
      throw new RelayError(400, shown.join('; '), {
        ...(first?.path ? { field: first.path } : {}),
        detail: `invalid params: ${issues.map((issue) => `${issue.path || 'body'} ${issue.rule}`).join(', ')}`,
      });
    }
    // The normalised value is the table's shape PICPIK's API documentation asks to send (seed-shape input
    // converted, defaults explicit), and exactly what was validated and signed.
    const team = await teamReady;
    const designer = c.get('designer');
    const validParams = parsed.value as Record<string, unknown>;
    if (config.debugLogBodies) access.params = paramsForLog(validParams);
    const plan = await team.planActionAsync(designer, action, validParams);
    if (plan.kind === 'answer') return c.body(JSON.stringify(plan.answer), 200, JSON_HEADERS);
    const payload = signedPayload({ Action: action, ...plan.params }, requestUuid, rawStrings);
    const upstream = await postUpstreamJsonAsync(
      upstreamUrl,
      payload,
      { retries: RETRYABLE_ACTIONS.has(action) ? config.upstreamRetries : 0, timeoutMs: config.upstreamTimeoutMs },
      upstreamDeps,
    ).catch((error: unknown) => {
      throw RETRYABLE_ACTIONS.has(action) ? error : outcomeUnknownError(error, action);
    });
    access.attempts = upstream.attempts;
    if (typeof upstream.json['RetCode'] === 'number') access.upstreamRetCode = upstream.json['RetCode'];
    if (action === 'ListTasksDetails') finishedTasks.rememberFromAnswer(upstream.json);
    const changed = await team.afterAnswerAsync(designer, action, validParams, plan, upstream.json);
    const answerBytes = changed ? new TextEncoder().encode(JSON.stringify(changed)) : upstream.bytes;
    access.bytesOut = answerBytes.byteLength;
    return c.body(answerBytes, 200, JSON_HEADERS);
  }

  /** ImgList[index] of a task, asked of PICPIK (ListTasksDetails for that one task). */
  async function lookUpImageUrlAsync(taskUid: string, index: number, requestUuid: string, access: Partial<AccessLogLine>): Promise<string> {
    const upstream = await postUpstreamJsonAsync(
      upstreamUrl,
      signedPayload({ Action: 'ListTasksDetails', TaskUIDList: [taskUid] }, requestUuid),
      { retries: config.upstreamRetries, timeoutMs: config.upstreamTimeoutMs },
      upstreamDeps,
    );
    access.attempts = upstream.attempts;
    const details = ListTasksDetailsResponseSchema.safeParse(upstream.json);
    if (!details.success) {
      throw new RelayError(502, 'PICPIK sent a task list the relay cannot read.', { detail: 'ListTasksDetails answer fails its schema' });
    }
    access.upstreamRetCode = details.data.RetCode;
    if (details.data.RetCode !== 0) {
      throw new RelayError(502, `PICPIK refused the task lookup: ${details.data.Message || `RetCode ${details.data.RetCode}`}`, {
        detail: `ListTasksDetails RetCode ${details.data.RetCode}`,
      });
    }
    const task = findKnownTaskDetail(details.data.TaskDetailList, taskUid);
    if (!task) throw new RelayError(404, `PICPIK does not know the task ${taskUid} (results are kept for 24 hours).`, { field: 'TaskUID' });
    finishedTasks.rememberFromAnswer(upstream.json);
    await (await teamReady).recordUsageAsync(upstream.json);
    const imageUrl = task.ImgList[index];
    if (imageUrl === undefined) {
      throw new RelayError(
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
      throw new RelayError(400, 'The task id must be 1-128 letters, digits, ".", "_" or "-".', { field: 'TaskUID' });
    }
    if (!/^\d{1,3}$/.test(indexText) || Number(indexText) > MAX_IMAGE_INDEX) {
      throw new RelayError(400, `The image index must be a whole number from 0 to ${MAX_IMAGE_INDEX}.`, { field: 'index' });
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
