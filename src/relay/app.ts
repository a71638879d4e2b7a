// The relay as a standard fetch application (Hono): authenticate designers, validate their
// PICPIK requests, sign and forward them, and proxy result images. Runtime-specific pieces
// (fetch, DNS, clock, hashing) are injected; serve.ts is the Node entry.
import { Hono, type Context } from 'hono';
import { isPicpikAction, ListTasksDetailsResponseSchema, parseActionParams, PICPIK_ACTIONS, type PicpikAction } from '../contract/schemas';
import { findKnownTaskDetail } from '../contract/task-status';
import { isImageFieldPath, redactImagesForLog } from '../contract/image-fields';
import { checkActionPixelsAsync } from '../contract/png-monochrome';
import { signParams, type HashLike } from '../contract/signature';
import packageJson from '../../package.json' with { type: 'json' };
import type { RelayConfig } from './config';
import { authenticateBearer, constantTimeEqual } from './bearer-auth';
import { createRateLimiter } from './rate-limiter';
import { RelayError } from './relay-error';
import { parseJsonBody, readBodyLimitedAsync, type FastBytes, type RawString } from './read-json-body';
import { postUpstreamJsonAsync, type UpstreamDeps, type UpstreamPost } from './upstream-call';
import { fetchResultImageAsync } from './fetch-result-image';
import { createImageUrlPolicy } from './image-url-policy';
import { encodeUpstreamPieces } from './encode-upstream-body';
import { createFinishedTaskCache, FINISHED_TASK_CACHE_MAX_TASKS, FINISHED_TASK_CACHE_TTL_MS } from './finished-task-cache';

export const RELAY_VERSION: string = packageJson.version;

/** Actions the relay forwards: the contract's actions; everything else is refused with 403. */
export const RELAY_ALLOWED_ACTIONS: readonly PicpikAction[] = PICPIK_ACTIONS;

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
}

type RelayEnv = { Variables: { access: Partial<AccessLogLine>; tokenId: string } };

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

export function createRelayApp(config: RelayConfig, deps: RelayDeps = {}) {
  const log = deps.log ?? ((line: object) => console.log(JSON.stringify(line)));
  const now = deps.now ?? (() => Date.now());
  const upstreamDeps: UpstreamDeps = {
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    ...(deps.post ? { post: deps.post } : {}),
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: deps.random ?? Math.random,
  };
  const randomUuid = deps.randomUuid ?? (() => crypto.randomUUID());
  const rateLimiter = createRateLimiter(config.rateLimitPerMin, now);
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
  };

  /** Adds the envelope, signs, and serialises once into the pieces that go upstream. */
  function signedPayload(params: Record<string, unknown>, requestUuid: string, rawStrings: readonly RawString[] = []): Uint8Array[] {
    const envelope: Record<string, unknown> = { ...params, PublicKey: config.publicKey, request_uuid: requestUuid };
    envelope['Signature'] = signParams(envelope, config.privateKey, deps.createHash);
    return encodeUpstreamPieces(envelope, rawStrings);
  }

  const app = new Hono<RelayEnv>();

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
    const line: AccessLogLine = {
      time: new Date(started).toISOString(),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      latencyMs: Math.max(0, now() - started),
      ...access,
    };
    if (line.bytesOut === undefined) {
      const length = c.res.headers.get('content-length');
      if (length !== null) line.bytesOut = Number(length);
    }
    log(line);
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
    const body = relayError.toBody({
      ...(access.action !== undefined ? { action: access.action } : {}),
      ...(access.request_uuid !== undefined ? { requestUuid: access.request_uuid } : {}),
    });
    return c.body(JSON.stringify(body), relayError.status, headers);
  });

  app.notFound((c) => {
    throw new RelayError(404, `There is nothing at ${c.req.method} ${c.req.path} on this relay.`, { detail: 'no route' });
  });

  app.get('/healthz', (c) => c.json({ ok: true, version: RELAY_VERSION, upstream: new URL(config.apiUrl).host }));

  /** Bearer auth, then the per-token rate limit. */
  async function admit(c: Context<RelayEnv>, next: () => Promise<void>): Promise<void> {
    const access = c.get('access');
    let tokenId = 'anonymous';
    if (config.tokens.length > 0) {
      const auth = authenticateBearer(c.req.header('authorization'), config.tokens, constantTimeEqual);
      if (!auth.ok) {
        throw new RelayError(401, 'The relay token is missing or not valid. Check the token in the plugin settings.', {
          detail: `auth ${auth.reason}`,
        });
      }
      tokenId = auth.tokenId;
    }
    access.tokenId = tokenId;
    c.set('tokenId', tokenId);
    const decision = rateLimiter.take(tokenId);
    if (!decision.allowed) {
      throw new RelayError(429, `Too many requests for this token. Try again in ${decision.retryAfterSeconds} s.`, {
        detail: 'relay rate limit',
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
    await next();
  }

  app.post('/', admit, async (c) => {
    const access = c.get('access');
    const contentType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json') {
      throw new RelayError(415, 'The relay accepts only JSON bodies (Content-Type: application/json).', {
        field: 'Content-Type',
        detail: `content type "${contentType ?? ''}"`,
      });
    }
    // A large body is held at most twice: its bytes, and the image text made from them. The
    // image's bytes then go upstream as they are, so nothing is encoded a third time.
    const bytes = await readBodyLimitedAsync(c.req.raw, config.bodyLimitBytes);
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
    if (config.debugLogBodies) access.params = redactImagesForLog(params);

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
    // The normalised value is the table's shape picpik-api.md asks to send (seed-shape input
    // converted, defaults explicit), and exactly what was validated and signed.
    const payload = signedPayload({ Action: action, ...(parsed.value as Record<string, unknown>) }, requestUuid, rawStrings);
    const upstream = await postUpstreamJsonAsync(
      upstreamUrl,
      payload,
      { retries: RETRYABLE_ACTIONS.has(action) ? config.upstreamRetries : 0, timeoutMs: config.upstreamTimeoutMs },
      upstreamDeps,
    );
    access.attempts = upstream.attempts;
    if (typeof upstream.json['RetCode'] === 'number') access.upstreamRetCode = upstream.json['RetCode'];
    if (action === 'ListTasksDetails') finishedTasks.rememberFromAnswer(upstream.json);
    access.bytesOut = upstream.bytes.byteLength;
    return c.body(upstream.bytes, 200, JSON_HEADERS);
  });

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
    // A cached URL goes through exactly the same image policy as a freshly looked-up one.
    let imageUrl = finishedTasks.imagesOf(taskUid)?.[index];
    access.taskCache = imageUrl === undefined ? 'miss' : 'hit';
    imageUrl ??= await lookUpImageUrlAsync(taskUid, index, requestUuid, access);
    const image = await fetchResultImageAsync(
      imageUrl,
      imagePolicy,
      { retries: config.upstreamRetries, timeoutMs: config.upstreamTimeoutMs, maxBytes: config.imageMaxBytes },
      { ...upstreamDeps, ...(deps.resolveHost ? { resolveHost: deps.resolveHost } : {}) },
    );
    const headers: Record<string, string> = {
      'content-type': image.contentType,
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
    };
    if (image.contentLength !== undefined) headers['content-length'] = String(image.contentLength);
    return c.body(image.body, 200, headers);
  });

  return app;
}

export type RelayApp = ReturnType<typeof createRelayApp>;
