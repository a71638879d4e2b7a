// The Signature of a request whose image is still arriving, begun from the fields that came
// before the image: they are validated and normalised with the image's first bytes standing in
// for it, the signature text before the image is hashed, then the image's bytes as they come.
// sign-and-forward.ts offers the hash to the contract's signer, which uses it only when the
// whole request, once validated, has that same text before that same image.
import { createPicpikRequestBody, type PicpikKeys } from '../../contract/envelope';
import { isPicpikAction, parseActionParams } from '../../contract/schemas';
import { createSignatureHash, signatureTextBefore, type HashLike, type SignatureHead } from '../../contract/signature';

/** How much of the image stands in for it while the fields before it are checked. */
const STAND_IN_BYTES = 64 * 1024;
const DATA_URL_COMMA_WITHIN = 128;

export interface EarlySignature {
  /** Hashes the image's next bytes. */
  update: (bytes: Uint8Array) => void;
  /** The begun hash, for the image whose whole text is `image`. */
  headFor: (image: string) => SignatureHead;
}

function joined(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** The image's first characters, cut so that its base64 part is whole groups of four. */
function standInOf(imageStart: string): string {
  const comma = imageStart.startsWith('data:') ? imageStart.indexOf(',', 0) : -1;
  if (imageStart.startsWith('data:') && (comma < 0 || comma > DATA_URL_COMMA_WITHIN)) return imageStart;
  const base64Length = imageStart.length - (comma + 1);
  return imageStart.slice(0, comma + 1 + base64Length - (base64Length % 4));
}

/**
 * Begins the signature, or answers undefined when the fields before the image do not make a
 * valid request on their own (the Signature is then computed once the body is in).
 */
export function beginEarlySignature(
  before: readonly Uint8Array[],
  imageStart: readonly Uint8Array[],
  field: string,
  isList: boolean,
  keys: PicpikKeys,
): EarlySignature | undefined {
  let partial: unknown;
  let standIn: string;
  try {
    const head = new TextDecoder('utf-8', { fatal: true }).decode(joined(before));
    const image = joined(imageStart);
    standIn = standInOf(new TextDecoder('latin1').decode(image.subarray(0, STAND_IN_BYTES)));
    partial = JSON.parse(`${head}${standIn}"${isList ? ']' : ''}}`);
  } catch {
    return undefined;
  }
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) return undefined;
  const action = (partial as Record<string, unknown>)['Action'];
  if (typeof action !== 'string' || !isPicpikAction(action)) return undefined;
  const parsed = parseActionParams(action, partial);
  if (!parsed.ok) return undefined;
  const envelope = createPicpikRequestBody(action, { Action: action, ...(parsed.value as Record<string, unknown>) }, keys, '');
  const text = signatureTextBefore(envelope, keys.privateKey, standIn);
  if (text === undefined) return undefined;
  const hash: HashLike = createSignatureHash();
  hash.update(text);
  for (const part of imageStart) hash.update(part);
  return {
    update: (bytes) => void hash.update(bytes),
    headFor: (image) => ({ before: text, piece: image, hash }),
  };
}
