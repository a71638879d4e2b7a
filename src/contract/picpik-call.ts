// One typed way to call PICPIK: the action and its parameters go out through an injected
// transport, and the answer comes back refused (a non-zero RetCode), off-contract, or checked and
// typed for that action. It loads no schema library: the checks are injected as well, so a bundle
// can bring its own (./zod-response-checks is the zod-backed table).
import type { ActionParams, ActionParamsInput, ActionResponse } from './action-table';
import { formatIssues, type ParseResult } from './contract-issue';
import type { PicpikAction } from './picpik-actions';
import { PicpikApiError, PicpikTransportError } from './picpik-errors';

/** An answer as the transport received it: decoded JSON, not yet checked, and its HTTP status. */
export interface PicpikReply {
  status: number;
  json: unknown;
}

export interface PicpikCallOptions {
  /** The request_uuid the transport sends, named in a refusal that does not echo one. */
  requestUuid?: string;
}

/**
 * Carries one action to PICPIK (directly, or through the relay) and back. It rejects with its own
 * typed error when no JSON answer arrives (network, timeout, HTTP status, not JSON); call() lets
 * that error through unchanged.
 */
export interface PicpikTransport<O extends PicpikCallOptions = PicpikCallOptions> {
  sendAsync(action: PicpikAction, params: Record<string, unknown>, options: O): Promise<PicpikReply>;
}

/** A check per action: is this value a successful answer to it, and its typed (defaulted) value. */
export type ResponseChecks = { [A in PicpikAction]: (value: unknown) => ParseResult<ActionResponse<A>> };

export type PicpikCall<O extends PicpikCallOptions = PicpikCallOptions> = <A extends PicpikAction>(
  action: A,
  params: ActionParamsInput<A> | ActionParams<A>,
  options?: O,
) => Promise<ActionResponse<A>>;

const SNIPPET_LENGTH = 300;

function snippetOf(json: unknown): string {
  return (JSON.stringify(json) ?? String(json)).slice(0, SNIPPET_LENGTH);
}

/** The refusal in an answer: a numeric, non-zero RetCode; undefined for anything else. */
function refusalOf(action: string, json: unknown, requestUuid: string | undefined): PicpikApiError | undefined {
  if (typeof json !== 'object' || json === null || !('RetCode' in json)) return undefined;
  const { RetCode, Message, request_uuid } = json as { RetCode: unknown; Message?: unknown; request_uuid?: unknown };
  if (typeof RetCode !== 'number' || RetCode === 0) return undefined;
  return new PicpikApiError(RetCode, typeof Message === 'string' ? Message : '', action, typeof request_uuid === 'string' ? request_uuid : requestUuid);
}

/**
 * `call(action, params)`: sends through `transport`, throws PicpikApiError for a non-zero RetCode
 * and PicpikTransportError 'bad_shape' (naming each field) for an answer `checks` rejects, and
 * returns the checked answer otherwise.
 */
export function createPicpikCall<O extends PicpikCallOptions = PicpikCallOptions>(transport: PicpikTransport<O>, checks: ResponseChecks): PicpikCall<O> {
  return async <A extends PicpikAction>(action: A, params: ActionParamsInput<A> | ActionParams<A>, options: O = {} as O): Promise<ActionResponse<A>> => {
    const reply = await transport.sendAsync(action, params as Record<string, unknown>, options);
    const refusal = refusalOf(action, reply.json, options.requestUuid);
    if (refusal) throw refusal;
    const checked = (checks[action] as (value: unknown) => ParseResult<ActionResponse<A>>)(reply.json);
    if (!checked.ok) {
      throw new PicpikTransportError(
        `PICPIK's answer to ${action} does not match the contract:\n${formatIssues(checked.issues)}`,
        'bad_shape',
        reply.status,
        snippetOf(reply.json),
        undefined,
        checked.issues,
      );
    }
    return checked.value;
  };
}
