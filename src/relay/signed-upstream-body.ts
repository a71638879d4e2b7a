// The bytes of a request to PICPIK: the contract's signed envelope (PublicKey, request_uuid,
// Signature), serialised once into pieces so a base64 image parsed from the incoming body goes
// upstream as the body's own bytes.
import { createPicpikRequestBody, type PicpikKeys } from '../contract/envelope';
import type { PicpikAction } from '../contract/schemas';
import { encodeUpstreamPieces } from './encode-upstream-body';
import type { RawString } from './read-json-body';

export function signedUpstreamBody(
  keys: PicpikKeys,
  action: PicpikAction,
  params: Record<string, unknown>,
  requestUuid: string,
  rawStrings: readonly RawString[] = [],
): Uint8Array[] {
  return encodeUpstreamPieces(createPicpikRequestBody(action, params, keys, requestUuid), rawStrings);
}
