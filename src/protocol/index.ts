// The UI <-> main protocol: every message as a zod/mini schema, typed envelopes, the UI channel
// and the main dispatcher. The UI imports this index; the main thread imports the files it needs.
//
// All names of the agreed spec are kept. Additions: REQUEST_PAYLOADS / REQUEST_RESULTS (the two
// halves of REQUESTS, split so the main bundle skips result schemas), RegenerateSeed (the shape of
// init's `regenerate`), Size, ErrorInfo, NodeRef, FrameAncestor, HiddenBehind, DEFAULT_RELAY_URL,
// describeIssues, toErrorInfo; createUiChannel takes optional { defaultTimeoutMs, warn }.
import { REQUEST_PAYLOADS } from './request-payloads';
import { REQUEST_RESULTS } from './request-results';

export * from './shapes';
export * from './selection-shapes';
export * from './message-types';
export { EVENTS } from './events';
export { REQUEST_PAYLOADS, REQUEST_RESULTS };
export { ProtocolError, toErrorInfo } from './protocol-error';
export { describeIssues } from './describe-issues';
export { createMainDispatcher } from './main-dispatcher';
export type { MainDispatcher, RequestHandlers } from './main-dispatcher';
export { createUiChannel, DEFAULT_REQUEST_TIMEOUT_MS } from './ui-channel';
export type { UiChannel } from './ui-channel';

type RequestSchemas = {
  [N in keyof typeof REQUEST_PAYLOADS]: { payload: (typeof REQUEST_PAYLOADS)[N]; result: (typeof REQUEST_RESULTS)[N] };
};

/** name -> { payload, result } schemas of every UI -> main request. */
export const REQUESTS = (Object.keys(REQUEST_PAYLOADS) as Array<keyof typeof REQUEST_PAYLOADS>).reduce(
  (map, name) => {
    (map as Record<string, unknown>)[name] = { payload: REQUEST_PAYLOADS[name], result: REQUEST_RESULTS[name] };
    return map;
  },
  {} as RequestSchemas,
);
