// Main-thread end of the channel: validates each raw UI message, runs its handler, and posts
// exactly one reply (result or error). Never throws, whatever arrives. Payloads are checked against
// JSON Schema generated from the zod schemas in request-payloads.ts, so the main bundle carries no zod.
import { PAYLOAD_SCHEMAS } from './generated/main-schemas';
import { checkSchema } from './json-schema-check';
import { describeIssues } from './describe-issues';
import { toErrorInfo } from './protocol-error';
import type { EventMessage, EventName, EventPayload, MainToUiMessage, RequestName, RequestPayload, RequestResult } from './message-types';
import type { ErrorInfo } from './shapes';

export type RequestHandlers = {
  [N in RequestName]: (payload: RequestPayload<N>) => Promise<RequestResult<N>> | RequestResult<N>;
};

export interface MainDispatcher {
  /** Handles one raw `figma.ui.onmessage` value; resolves after its reply was posted. */
  dispatchAsync(raw: unknown): Promise<void>;
  emit<N extends EventName>(name: N, payload: EventPayload<N>): void;
}

const MALFORMED = 'The plugin got a message it could not read. Reload the plugin.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function createMainDispatcher(
  handlers: RequestHandlers,
  post: (message: MainToUiMessage) => void,
  warn: (text: string) => void = (text) => console.warn(text),
): MainDispatcher {
  function postError(id: string, error: ErrorInfo): void {
    try {
      post({ kind: 'reply', id, ok: false, error });
    } catch (postFailure) {
      warn('backdrop: could not post error reply ' + id + ': ' + String(postFailure));
    }
  }

  async function dispatchAsync(raw: unknown): Promise<void> {
    if (!isRecord(raw) || typeof raw.id !== 'string' || raw.id === '') {
      warn('backdrop: dropped a message without an id: ' + describeValue(raw));
      return;
    }
    const id = raw.id;
    if (raw.kind !== 'request') {
      postError(id, { message: MALFORMED, detail: 'kind: expected "request", got ' + describeValue(raw.kind) });
      return;
    }
    const name = raw.name;
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(PAYLOAD_SCHEMAS, name)) {
      postError(id, { message: MALFORMED, detail: 'name: unknown request ' + describeValue(name) });
      return;
    }
    const requestName = name as RequestName;
    const parsed = checkSchema<RequestPayload<RequestName>>(PAYLOAD_SCHEMAS[requestName], raw.payload);
    if (!parsed.success) {
      postError(id, { message: MALFORMED, detail: requestName + ' ' + describeIssues(parsed.issues, 'payload') });
      return;
    }
    let result: unknown;
    try {
      const handler = handlers[requestName] as (payload: unknown) => unknown;
      result = await handler(parsed.data);
    } catch (error) {
      postError(id, toErrorInfo(error));
      return;
    }
    try {
      post({ kind: 'reply', id, ok: true, result });
    } catch (postFailure) {
      postError(id, toErrorInfo(postFailure));
    }
  }

  function emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    const message: EventMessage<N> = { kind: 'event', name, payload };
    try {
      post(message as MainToUiMessage);
    } catch (postFailure) {
      warn('backdrop: could not post event ' + name + ': ' + String(postFailure));
    }
  }

  return { dispatchAsync, emit };
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (value === null) return 'null';
  return typeof value;
}
