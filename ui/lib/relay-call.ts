// The panel's typed PICPIK call: the contract's call over a transport to the relay, with its
// refusals and off-contract answers turned into RelayErrors, the one error type the panel explains.
import { createPicpikCall, type PicpikCall, type PicpikCallOptions, type PicpikTransport, type ResponseChecks } from '../../src/contract/picpik-call';
import { PicpikApiError, PicpikTransportError } from '../../src/contract/picpik-errors';
import type { PicpikAction } from '../../src/contract/picpik-actions';
import { RelayError } from './relay-error';

export interface RelayCallOptions extends PicpikCallOptions {
  /** Per request; GenerateBackgrounds bodies are large, so its callers give more. */
  timeoutMs?: number;
}

export type RelayCall = PicpikCall<RelayCallOptions>;
export type RelayTransport = PicpikTransport<RelayCallOptions>;

function asRelayError(action: PicpikAction, error: unknown): unknown {
  if (error instanceof PicpikApiError) {
    const message = error.apiMessage || undefined;
    return new RelayError({ kind: 'refused', retCode: error.retCode, serverMessage: message, detail: `${action}: RetCode ${error.retCode} ${message ?? ''}`.trim() });
  }
  if (error instanceof PicpikTransportError) return new RelayError({ kind: 'bad-response', detail: `${error.message}\nin ${error.bodySnippet}` });
  return error;
}

/** call(action, params) through `transport`: the typed answer, or a RelayError (the transport's own pass through). */
export function createRelayCall(transport: RelayTransport, checks: ResponseChecks): RelayCall {
  const call = createPicpikCall(transport, checks);
  return async (action, params, options) => {
    try {
      return await call(action, params, options);
    } catch (error) {
      throw asRelayError(action, error);
    }
  };
}
