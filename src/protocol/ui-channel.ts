// UI end of the channel: sends requests with fresh ids, matches replies, validates results and
// events against their schemas, and times out requests the main thread never answers. It checks
// with the specs generated from the zod schemas (./generated/ui-specs.ts), so the UI bundles no zod.
import { createSpecChecker, type CheckSpec } from '../contract/spec-check';
import { EVENT_SPECS, PAYLOAD_SPECS, RESULT_SPECS } from '../contract/generated/ui-specs';
import { PROTOCOL_SPEC_FUNCTIONS } from './spec-functions';
import { describeIssues } from './describe-issues';
import { ProtocolError } from './protocol-error';
import type { EventName, EventPayload, RequestMessage, RequestName, RequestPayload, RequestResult } from './message-types';

interface Pending {
  name: RequestName;
  resolve: (value: unknown) => void;
  reject: (error: ProtocolError) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export interface UiChannel {
  requestAsync<N extends RequestName>(name: N, payload: RequestPayload<N>, options?: { timeoutMs?: number }): Promise<RequestResult<N>>;
  /** Feed every `event.data.pluginMessage` here. */
  receive(message: unknown): void;
  onEvent<N extends EventName>(name: N, handler: (payload: EventPayload<N>) => void): () => void;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

const checkSpec = createSpecChecker(PROTOCOL_SPEC_FUNCTIONS);

export function createUiChannel(
  post: (message: RequestMessage) => void,
  options: { defaultTimeoutMs?: number; warn?: (text: string) => void } = {},
): UiChannel {
  const pending = new Map<string, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const warn = options.warn || ((text: string) => console.warn(text));
  const prefix = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  let counter = 0;

  function requestAsync<N extends RequestName>(
    name: N,
    payload: RequestPayload<N>,
    requestOptions: { timeoutMs?: number } = {},
  ): Promise<RequestResult<N>> {
    const checked = checkSpec(PAYLOAD_SPECS[name] as CheckSpec, payload);
    if (!checked.success) {
      return Promise.reject(
        new ProtocolError('Backdrop could not send a request.', name + ' ' + describeIssues(checked.issues, 'payload')),
      );
    }
    counter += 1;
    const id = prefix + '-' + counter;
    const timeoutMs = requestOptions.timeoutMs === undefined ? (options.defaultTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) : requestOptions.timeoutMs;
    return new Promise<RequestResult<N>>((resolve, reject) => {
      const entry: Pending = { name, resolve: resolve as (value: unknown) => void, reject, timer: undefined };
      if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
        entry.timer = setTimeout(() => {
          pending.delete(id);
          reject(new ProtocolError('The plugin did not answer in time. Close and reopen Backdrop.', name + ' timed out after ' + timeoutMs + ' ms'));
        }, timeoutMs);
      }
      pending.set(id, entry);
      try {
        post({ kind: 'request', id, name, payload } as RequestMessage);
      } catch (error) {
        pending.delete(id);
        if (entry.timer !== undefined) clearTimeout(entry.timer);
        reject(new ProtocolError('Backdrop could not send a request.', name + ': ' + String(error)));
      }
    });
  }

  function receiveReply(message: Record<string, unknown>): void {
    const id = message.id;
    const entry = typeof id === 'string' ? pending.get(id) : undefined;
    if (entry === undefined || typeof id !== 'string') {
      warn('backdrop: reply for an unknown request ' + String(id));
      return;
    }
    pending.delete(id);
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    if (message.ok === true) {
      const parsed = checkSpec(RESULT_SPECS[entry.name] as CheckSpec, message.result);
      if (parsed.success) entry.resolve(parsed.data);
      else entry.reject(new ProtocolError('The plugin sent an answer Backdrop could not read.', entry.name + ' ' + describeIssues(parsed.issues, 'result')));
      return;
    }
    const error = (typeof message.error === 'object' && message.error !== null ? message.error : {}) as Record<string, unknown>;
    const text = typeof error.message === 'string' ? error.message : 'The plugin reported an error.';
    entry.reject(new ProtocolError(text, typeof error.detail === 'string' ? error.detail : undefined));
  }

  function receiveEvent(message: Record<string, unknown>): void {
    const name = message.name;
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(EVENT_SPECS, name)) {
      warn('backdrop: unknown event ' + String(name));
      return;
    }
    const parsed = checkSpec<EventPayload<EventName>>(EVENT_SPECS[name] as CheckSpec, message.payload);
    if (!parsed.success) {
      warn('backdrop: malformed event ' + name + ': ' + describeIssues(parsed.issues, 'payload'));
      return;
    }
    const handlers = listeners.get(name);
    if (handlers) handlers.forEach((handler) => handler(parsed.data));
  }

  function receive(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const record = message as Record<string, unknown>;
    if (record.kind === 'reply') receiveReply(record);
    else if (record.kind === 'event') receiveEvent(record);
  }

  function onEvent<N extends EventName>(name: N, handler: (payload: EventPayload<N>) => void): () => void {
    let set = listeners.get(name);
    if (!set) {
      set = new Set();
      listeners.set(name, set);
    }
    const listener = handler as (payload: unknown) => void;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  return { requestAsync, receive, onEvent };
}
