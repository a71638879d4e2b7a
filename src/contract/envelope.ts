// The signed PICPIK request body: an action's parameters plus Action, PublicKey, request_uuid and
// Signature. Whoever holds the keys (the relay, the node client, tests) builds it here.
import type { PicpikAction } from './picpik-actions';
import { signParams } from './signature';

export interface PicpikKeys {
  publicKey: string;
  privateKey: string;
}

export type PicpikRequestBody = Record<string, unknown> & {
  Action: PicpikAction;
  PublicKey: string;
  request_uuid: string;
  Signature: string;
};

/**
 * The signed JSON body for an action: the parameters plus Action, PublicKey, request_uuid (a v4
 * UUID unless given) and Signature. The parameters are used as given (validate them first).
 */
export function createPicpikRequestBody(
  action: PicpikAction,
  params: Record<string, unknown>,
  keys: PicpikKeys,
  requestUuid?: string,
): PicpikRequestBody {
  const body: Record<string, unknown> = {
    ...params,
    Action: action,
    PublicKey: keys.publicKey,
    request_uuid: requestUuid ?? crypto.randomUUID(),
  };
  delete body['Signature'];
  body['Signature'] = signParams(body, keys.privateKey);
  return body as PicpikRequestBody;
}
