// Type-level view of the protocol: request/event names, payload and result types, envelopes.
// Imports schemas as types only, so the main thread never bundles the result schemas.
import type * as z from 'zod/mini';
import type { REQUEST_PAYLOADS } from './request-payloads';
import type { REQUEST_RESULTS } from './request-results';
import type { EVENTS } from './events';
import type { ErrorInfo } from './shapes';

export type RequestName = keyof typeof REQUEST_PAYLOADS;
export type RequestPayload<N extends RequestName> = z.infer<(typeof REQUEST_PAYLOADS)[N]>;
export type RequestResult<N extends RequestName> = z.infer<(typeof REQUEST_RESULTS)[N]>;
export type EventName = keyof typeof EVENTS;
export type EventPayload<N extends EventName> = z.infer<(typeof EVENTS)[N]>;

export interface RequestMessage<N extends RequestName = RequestName> {
  kind: 'request';
  id: string;
  name: N;
  payload: RequestPayload<N>;
}

type ReplyMessage =
  | { kind: 'reply'; id: string; ok: true; result: unknown }
  | { kind: 'reply'; id: string; ok: false; error: ErrorInfo };

export interface EventMessage<N extends EventName = EventName> {
  kind: 'event';
  name: N;
  payload: EventPayload<N>;
}

export type MainToUiMessage = ReplyMessage | EventMessage;
