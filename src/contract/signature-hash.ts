// The PICPIK Signature over an injected SHA-1: the walked signature text (./signature-text) fed
// to the hash piece by piece. Loads no runtime's crypto, so any bundle can sign with its own;
// ./signature plugs in Node's.
import { walkSignatureParts } from './signature-text';

export interface HashLike {
  update(chunk: string | Uint8Array): unknown;
  digest(encoding: 'hex'): string;
}

const SMALL_PIECE = 4096;
const FLUSH_AT = 64 * 1024;
// Node hashes a string of tens of MB several times slower than the same text in 1 MB slices
// (measured: 30 MB at ~260 MB/s whole vs ~1500 MB/s sliced); slices of a flat string are cheap views.
const HASH_SLICE = 1024 * 1024;

/**
 * A signature hash begun before the whole request was known: it has taken the signature text
 * before one large piece (an image), then that piece's bytes as they arrived. The relay starts
 * one while an image is still coming in, from the fields that came before it.
 */
export interface SignatureHead {
  /** The signature text before the large piece, as the hash took it. */
  before: string;
  /** The large piece, exactly as the hash took its bytes. */
  piece: string;
  hash: HashLike;
}

/**
 * The request's Signature: lowercase hex SHA-1 (from `createHash`) of every parameter except
 * `Signature`, in the documented order, followed by the private key. Small pieces are batched
 * before hashing; large ones (base64 images) go to the hash as they are, or as their UTF-8 bytes
 * when `bytesOf` has them (the relay passes the image's bytes from the incoming body: no encoding
 * pass to hash them). With `head`, a signature whose text up to `head.piece` is `head.before`
 * continues from `head.hash` instead of hashing it all again; any other is signed from the start.
 * A head's hash continues one signature only.
 */
export function signParamsWithHash(
  createHash: () => HashLike,
  params: Record<string, unknown>,
  privateKey: string,
  bytesOf?: (piece: string) => Uint8Array | undefined,
  head?: SignatureHead,
): string {
  const begun = head === undefined ? undefined : continueSignature(params, privateKey, head);
  if (begun !== undefined) return begun;
  const hash = createHash();
  feedPieces(hash, (emit) => walkSignatureParts(params, privateKey, emit), bytesOf);
  return hash.digest('hex').toLowerCase();
}

/** Feeds the pieces `walk` emits to `hash`: small ones batched, large ones sliced or as their bytes. */
function feedPieces(hash: HashLike, walk: (emit: (piece: string) => void) => void, bytesOf?: (piece: string) => Uint8Array | undefined): void {
  let pending = '';
  walk((piece) => {
    if (piece.length >= SMALL_PIECE) {
      if (pending) hash.update(pending);
      pending = '';
      const bytes = bytesOf?.(piece);
      if (bytes) hash.update(bytes);
      else if (piece.length <= HASH_SLICE) hash.update(piece);
      else for (let at = 0; at < piece.length; at += HASH_SLICE) hash.update(piece.slice(at, at + HASH_SLICE));
      return;
    }
    pending += piece;
    if (pending.length >= FLUSH_AT) {
      hash.update(pending);
      pending = '';
    }
  });
  if (pending) hash.update(pending);
}

/** The signature text of `params` before the string `piece` (that very string), or undefined when it has none. */
export function signatureTextBefore(params: Record<string, unknown>, privateKey: string, piece: string): string | undefined {
  const pieces: string[] = [];
  let reached = false;
  walkSignatureParts(params, privateKey, (part) => {
    if (reached) return;
    if (part === piece) reached = true;
    else pieces.push(part);
  });
  return reached ? pieces.join('') : undefined;
}

function continueSignature(params: Record<string, unknown>, privateKey: string, head: SignatureHead): string | undefined {
  const pieces: string[] = [];
  let at = -1;
  walkSignatureParts(params, privateKey, (part) => {
    if (at < 0 && part === head.piece) at = pieces.length;
    pieces.push(part);
  });
  if (at < 0 || pieces.slice(0, at).join('') !== head.before) return undefined;
  feedPieces(head.hash, (emit) => {
    for (const part of pieces.slice(at + 1)) emit(part);
  });
  return head.hash.digest('hex').toLowerCase();
}
