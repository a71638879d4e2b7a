// Talks to the team's relay: PICPIK actions (POST /, through the contract's typed call), result
// images, health, and the settings tab's connection test. fetch is injectable so tests run against
// a fake, and so are the response checks, so a bundle can bring checks without zod.
import { checkRelayUrl } from '../../src/protocol/relay-url-rule';
import type { RelayMe } from '../../src/contract/relay-me';
import { checkRelayMe, RESPONSE_CHECKS } from '../../src/contract/spec-checks';
import { TASK_WAIT_MAX_MS, TASK_WAIT_PATH, type TaskWaitState } from '../../src/contract/task-wait';
import { formatIssues } from '../../src/contract/contract-issue';
import type { ResponseChecks } from '../../src/contract/picpik-call';
import type { ActionResponse } from '../../src/contract/action-table';
import { createRelayCall, type RelayCall, type RelayTransport } from './relay-call';
import { RelayError, type RelayErrorKind } from './relay-error';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RelayClientOptions {
  relayUrl: string;
  token: string;
  fetch?: FetchLike;
  /** Per-request timeout; GenerateBackgrounds bodies are large, so it is generous. */
  timeoutMs?: number;
  /** How PICPIK's answers are checked; the contract's generated checks unless given. */
  checks?: ResponseChecks;
}

interface RelayHealth {
  ok: boolean;
  version?: string;
  upstream?: string;
  /** Present when the relay offers POST /v1/tasks/wait (checked with isTaskWaitOffer). */
  tasksWait?: unknown;
}

/** A wait's answer: a ListTasksDetails answer, and whether any task is in another state than known. */
type TaskWaitResponse = ActionResponse<'ListTasksDetails'> & { changed?: boolean };

type ConnectionOutcome = 'ok' | 'unreachable' | 'blocked' | 'bad-url' | 'auth' | 'error';

export interface ConnectionTestResult {
  outcome: ConnectionOutcome;
  message: string;
  detail?: string;
  upstream?: string;
}

export interface RelayClient {
  readonly relayUrl: string;
  /** A PICPIK action through POST /: its checked answer, or a RelayError (refused, off-contract, HTTP, network). */
  callAsync: RelayCall;
  downloadImageAsync(taskUid: string, index: number): Promise<Uint8Array>;
  /** POST /v1/tasks/wait: answers once a listed task is in another state than `known`, or after the relay's longest wait. */
  waitForTasksAsync(taskUids: readonly string[], known: Record<string, TaskWaitState>, options?: { signal?: AbortSignal }): Promise<TaskWaitResponse>;
  /** The designer's usage and budget (GET /v1/me); undefined from a relay without it. */
  meAsync(): Promise<RelayMe | undefined>;
  healthAsync(): Promise<RelayHealth>;
  testConnectionAsync(): Promise<ConnectionTestResult>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** `https://host/` -> `https://host`; throws a RelayError for addresses the plugin cannot reach. */
function normaliseRelayUrl(relayUrl: string): string {
  const checked = checkRelayUrl(relayUrl);
  if (!checked.ok) throw new RelayError({ kind: 'bad-url', ruleMessage: checked.message, detail: checked.detail });
  return checked.url;
}

function kindForStatus(status: number): RelayErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 400) return 'invalid';
  if (status === 402) return 'budget';
  if (status === 413) return 'too-large';
  if (status === 429) return 'rate';
  if (status === 502 || status === 504) return 'upstream';
  return 'http';
}

async function errorFromResponseAsync(response: Response, what: string): Promise<RelayError> {
  let body: { RetCode?: unknown; Message?: unknown; Field?: unknown } = {};
  let text = '';
  try {
    text = await response.text();
    body = JSON.parse(text) as typeof body;
  } catch {
    /* not JSON: keep the text for the detail */
  }
  const retryAfter = Number(response.headers.get('Retry-After'));
  return new RelayError({
    kind: kindForStatus(response.status),
    status: response.status,
    retCode: typeof body.RetCode === 'number' ? body.RetCode : undefined,
    serverMessage: typeof body.Message === 'string' ? body.Message : undefined,
    field: typeof body.Field === 'string' ? body.Field : undefined,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    detail: `${what}: HTTP ${response.status} ${text.slice(0, 300)}`,
  });
}

export function createRelayClient(options: RelayClientOptions): RelayClient {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const relayUrl = options.relayUrl;
  const checks = options.checks ?? RESPONSE_CHECKS;

  async function requestAsync(path: string, init: RequestInit, what: string, limitMs = timeoutMs, callerSignal?: AbortSignal): Promise<Response> {
    const base = normaliseRelayUrl(relayUrl);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limitMs);
    const onCallerAbort = () => controller.abort();
    callerSignal?.addEventListener('abort', onCallerAbort);
    try {
      return await fetchImpl(base + path, { ...init, signal: controller.signal });
    } catch (error) {
      // Stopped by the caller: it knows, and it decides what follows.
      if (callerSignal?.aborted) throw error;
      if (controller.signal.aborted) {
        throw new RelayError({ kind: 'timeout', detail: `${what}: no answer within ${limitMs} ms` });
      }
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new RelayError({ kind: 'unreachable', detail: `${what} ${base + path}: ${text}` });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  function authHeaders(): Record<string, string> {
    return options.token ? { Authorization: `Bearer ${options.token}` } : {};
  }

  const transport: RelayTransport = {
    async sendAsync(action, params, callOptions) {
      const init = { method: 'POST', headers: { 'Content-Type': 'application/json', ...authHeaders() }, body: JSON.stringify({ ...params, Action: action }) };
      const response = await requestAsync('/', init, action, callOptions.timeoutMs);
      if (!response.ok) throw await errorFromResponseAsync(response, action);
      try {
        return { status: response.status, json: (await response.json()) as unknown };
      } catch (error) {
        throw new RelayError({ kind: 'bad-response', status: response.status, detail: `${action}: response is not JSON (${String(error)})` });
      }
    },
  };
  const callAsync = createRelayCall(transport, checks);

  async function waitForTasksAsync(
    taskUids: readonly string[],
    known: Record<string, TaskWaitState>,
    callOptions: { signal?: AbortSignal } = {},
  ): Promise<TaskWaitResponse> {
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json', ...authHeaders() }, body: JSON.stringify({ TaskUIDList: taskUids, known }) };
    // The relay holds the answer up to its longest wait; the timeout leaves room for the answer itself.
    const response = await requestAsync(TASK_WAIT_PATH, init, 'wait', TASK_WAIT_MAX_MS + 15_000, callOptions.signal);
    if (!response.ok) throw await errorFromResponseAsync(response, 'wait');
    // A wait answers like ListTasksDetails, so it is checked like one.
    const checked = checks.ListTasksDetails(await response.json().catch(() => undefined));
    if (!checked.ok) throw new RelayError({ kind: 'bad-response', detail: `wait: ${formatIssues(checked.issues).slice(0, 300)}` });
    return checked.value as TaskWaitResponse;
  }

  async function downloadImageAsync(taskUid: string, index: number): Promise<Uint8Array> {
    const path = `/v1/tasks/${encodeURIComponent(taskUid)}/images/${index}`;
    const response = await requestAsync(path, { headers: authHeaders() }, `image ${index} of ${taskUid}`);
    if (!response.ok) throw await errorFromResponseAsync(response, `image ${index} of ${taskUid}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  /** The designer's usage and budget; undefined from a relay without GET /v1/me. */
  async function meAsync(): Promise<RelayMe | undefined> {
    const response = await requestAsync('/v1/me', { headers: authHeaders() }, 'me', 10_000);
    if (response.status === 404) return undefined;
    if (!response.ok) throw await errorFromResponseAsync(response, 'me');
    const parsed = checkRelayMe(await response.json().catch(() => undefined));
    if (!parsed.ok) throw new RelayError({ kind: 'bad-response', detail: `me: ${formatIssues(parsed.issues).slice(0, 300)}` });
    return parsed.value;
  }

  async function healthAsync(): Promise<RelayHealth> {
    const response = await requestAsync('/healthz', {}, 'healthz', 10_000);
    if (!response.ok) throw await errorFromResponseAsync(response, 'healthz');
    try {
      return (await response.json()) as RelayHealth;
    } catch (error) {
      throw new RelayError({ kind: 'bad-response', detail: `healthz: not JSON (${String(error)})` });
    }
  }

  /**
   * Tells apart: an address the plugin cannot use (not http(s), or http:// on another computer,
   * which the browser blocks as mixed content: refused before any request), unreachable (nothing
   * answers), blocked (an opaque no-cors request gets through, so
   * the relay is up but its CORS answer does not let us read it), token rejected, and OK.
   */
  async function testConnectionAsync(): Promise<ConnectionTestResult> {
    let health: RelayHealth;
    try {
      health = await healthAsync();
    } catch (error) {
      if (error instanceof RelayError && error.kind === 'bad-url') return { outcome: 'bad-url', message: error.message, detail: error.detail };
      if (error instanceof RelayError && error.kind === 'unreachable') {
        if (await answersWithoutCorsAsync()) {
          const blocked = new RelayError({ kind: 'blocked', detail: `${error.detail}; a no-cors request to the same URL succeeded` });
          return { outcome: 'blocked', message: blocked.message, detail: blocked.detail };
        }
        return { outcome: 'unreachable', message: error.message, detail: error.detail };
      }
      const info = error instanceof RelayError ? error : new RelayError({ kind: 'bad-response', detail: String(error) });
      return { outcome: 'error', message: info.message, detail: info.detail };
    }
    const upstream = health.upstream;
    try {
      // A cheap authenticated call: proves the token, and that the relay reaches PICPIK.
      await callAsync('ListModels', {}, { timeoutMs: 20_000 });
      // Names the relay typed and, apart, the PICPIK host it reaches: "Connected to 127.0.0.1:8788" read as the wrong port.
      const relayHost = new URL(normaliseRelayUrl(relayUrl)).host;
      return { outcome: 'ok', message: `Connected to the relay at ${relayHost}${health.version ? ` (${health.version})` : ''}${upstream ? `, which reaches PICPIK at ${upstream}` : ''}`, upstream };
    } catch (error) {
      if (error instanceof RelayError && error.kind === 'auth') {
        return { outcome: 'auth', message: error.message, detail: error.detail, upstream };
      }
      const info = error instanceof RelayError ? error : new RelayError({ kind: 'bad-response', detail: String(error) });
      if (info.kind === 'refused' || info.kind === 'upstream') {
        // The relay and the token are fine; the upstream complained.
        return { outcome: 'ok', message: `Relay OK${upstream ? ` (upstream ${upstream})` : ''}, but ${info.message}`, detail: info.detail, upstream };
      }
      return { outcome: 'error', message: info.message, detail: info.detail, upstream };
    }
  }

  async function answersWithoutCorsAsync(): Promise<boolean> {
    try {
      await fetchImpl(normaliseRelayUrl(relayUrl) + '/healthz', { mode: 'no-cors' });
      return true;
    } catch {
      return false;
    }
  }

  return { relayUrl, callAsync, downloadImageAsync, waitForTasksAsync, meAsync, healthAsync, testConnectionAsync };
}
