// PICPIK request signing for Node (relay, emulator, node client, tests): Node's SHA-1 plugged into
// the hash-injected signing of ./signature-hash, and a constant-time check of a given Signature.
import { createHash as nodeCreateHash, timingSafeEqual } from 'node:crypto';
import { signParamsWithHash, type HashLike } from './signature-hash';

export { formatSignatureNumber, signatureText } from './signature-text';
export { type HashLike } from './signature-hash';

function nodeSha1(): HashLike {
  return nodeCreateHash('sha1');
}

/** The request's Signature, hashed with Node's SHA-1 unless `createHash` is given (see signParamsWithHash). */
export function signParams(
  params: Record<string, unknown>,
  privateKey: string,
  createHash: () => HashLike = nodeSha1,
  bytesOf?: (piece: string) => Uint8Array | undefined,
): string {
  return signParamsWithHash(createHash, params, privateKey, bytesOf);
}

/** True when `params.Signature` is the signature of the other parameters; compared in constant time. */
export function verifySignature(params: Record<string, unknown>, privateKey: string): boolean {
  const given = params['Signature'];
  if (typeof given !== 'string') return false;
  let expected: string;
  try {
    expected = signParams(params, privateKey);
  } catch {
    return false;
  }
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a); // keep the timing independent of where a wrong signature differs
    return false;
  }
  return timingSafeEqual(a, b);
}
