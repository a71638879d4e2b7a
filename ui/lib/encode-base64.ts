// Base64 for image bytes going into a request body: the browser's own encoder where it has one
// (Uint8Array.prototype.toBase64), else btoa over slices (a multiple of 3 bytes, so the slices'
// encodings simply concatenate), else the contract's pure-JS encoder (a host without btoa).
import { bytesToBase64 } from '../../src/contract/png-header';

/** Bytes per btoa slice: a multiple of 3, small enough for String.fromCharCode's argument list. */
const SLICE_BYTES = 3 * 8192;

type WithToBase64 = Uint8Array & { toBase64?: () => string };

export function encodeBase64(bytes: Uint8Array): string {
  const native = (bytes as WithToBase64).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  if (typeof btoa !== 'function') return bytesToBase64(bytes);
  const parts: string[] = [];
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    parts.push(btoa(String.fromCharCode.apply(null, bytes.subarray(at, at + SLICE_BYTES) as unknown as number[])));
  }
  return parts.join('');
}
