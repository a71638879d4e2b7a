// figma.createImage and the document's image table: accepts PNG, JPEG and GIF up to 4096 px per
// side (read from the header, as Figma refuses before decoding), keyed by the SHA-1 of the bytes.

import { readImageSize } from '../contract/image-size.js';
import { sniffImageType } from '../contract/png-header.js';

const MAX_IMAGE_SIDE = 4096;

export interface StoredImage {
  readonly hash: string;
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly kind: 'png' | 'jpeg' | 'gif';
}

export class ImageStore {
  private readonly byHash = new Map<string, StoredImage>();

  /** Throws Figma's texts: "Image type is unsupported" / "Image is too large". */
  add(bytes: Uint8Array): StoredImage {
    if (!(bytes instanceof Uint8Array)) throw new Error('Image type is unsupported');
    const kind = sniffImageType(bytes);
    if (kind !== 'png' && kind !== 'jpeg' && kind !== 'gif') throw new Error('Image type is unsupported');
    const size = readImageSize(kind, bytes);
    if (size === null) throw new Error('Image type is unsupported');
    if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE) throw new Error('Image is too large');
    const hash = sha1Hex(bytes);
    const existing = this.byHash.get(hash);
    if (existing) return existing;
    const stored: StoredImage = { hash, bytes: new Uint8Array(bytes), width: size.width, height: size.height, kind };
    this.byHash.set(hash, stored);
    return stored;
  }

  get(hash: string): StoredImage | null {
    return this.byHash.get(hash) ?? null;
  }
}

/** SHA-1 as lowercase hex: Figma's image hashes are SHA-1 of the image bytes. */
export function sha1Hex(bytes: Uint8Array): string {
  // Whole 64-byte blocks are read straight from the input; only the tail is copied, into one or
  // two padded blocks, so hashing a large image allocates nothing in proportion to its size.
  const state = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0]);
  const schedule = new Int32Array(80);
  const length = bytes.length;
  const fullBlocksEnd = length - (length % 64);
  for (let offset = 0; offset < fullBlocksEnd; offset += 64) sha1Block(state, schedule, bytes, offset);
  const tailLength = length - fullBlocksEnd;
  const tail = new Uint8Array(tailLength < 56 ? 64 : 128);
  tail.set(bytes.subarray(fullBlocksEnd));
  tail[tailLength] = 0x80;
  // Message length in bits as a 64-bit big-endian number (exact for any length below 2^53 bits).
  const high = Math.floor(length / 0x20000000);
  const low = (length << 3) >>> 0;
  const end = tail.length;
  tail[end - 8] = high >>> 24;
  tail[end - 7] = high >>> 16;
  tail[end - 6] = high >>> 8;
  tail[end - 5] = high;
  tail[end - 4] = low >>> 24;
  tail[end - 3] = low >>> 16;
  tail[end - 2] = low >>> 8;
  tail[end - 1] = low;
  for (let offset = 0; offset < end; offset += 64) sha1Block(state, schedule, tail, offset);
  let hex = '';
  for (let i = 0; i < 5; i += 1) hex += ((state[i] as number) >>> 0).toString(16).padStart(8, '0');
  return hex;
}

// The round constants above 2^31 as the signed 32-bit values the arithmetic below works in.
const K3 = 0x8f1bbcdc | 0;
const K4 = 0xca62c1d6 | 0;

/** One SHA-1 compression of the 64 bytes at `offset`, on 32-bit integers throughout. */
function sha1Block(state: Int32Array, w: Int32Array, bytes: Uint8Array, offset: number): void {
  for (let t = 0, i = offset; t < 16; t += 1, i += 4) {
    w[t] = ((bytes[i] as number) << 24) | ((bytes[i + 1] as number) << 16) | ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number);
  }
  for (let t = 16; t < 80; t += 1) {
    const v = (w[t - 3] as number) ^ (w[t - 8] as number) ^ (w[t - 14] as number) ^ (w[t - 16] as number);
    w[t] = (v << 1) | (v >>> 31);
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  let temp: number;
  for (let t = 0; t < 20; t += 1) {
    temp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + (w[t] as number)) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = temp;
  }
  for (let t = 20; t < 40; t += 1) {
    temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + (w[t] as number)) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = temp;
  }
  for (let t = 40; t < 60; t += 1) {
    temp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + K3 + (w[t] as number)) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = temp;
  }
  for (let t = 60; t < 80; t += 1) {
    temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + K4 + (w[t] as number)) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = temp;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
  state[4] = ((state[4] as number) + e) | 0;
}
