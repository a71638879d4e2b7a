// figma.createImage and the document's image table: accepts PNG, JPEG and GIF up to 4096 px per
// side (read from the header, as Figma refuses before decoding), keyed by the SHA-1 of the bytes.

import { readPngInfo, sniffImageType } from '../contract/png-header.js';

export const MAX_IMAGE_SIDE = 4096;

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

export function readImageSize(kind: 'png' | 'jpeg' | 'gif', bytes: Uint8Array): { width: number; height: number } | null {
  if (kind === 'png') {
    const info = readPngInfo(bytes);
    return info ? { width: info.width, height: info.height } : null;
  }
  if (kind === 'gif') {
    if (bytes.length < 10) return null;
    return { width: (bytes[6] as number) | ((bytes[7] as number) << 8), height: (bytes[8] as number) | ((bytes[9] as number) << 8) };
  }
  return readJpegSize(bytes);
}

/** Walks JPEG markers to the first start-of-frame segment. */
function readJpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1] as number;
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const length = ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number);
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) {
      const height = ((bytes[i + 5] as number) << 8) | (bytes[i + 6] as number);
      const width = ((bytes[i + 7] as number) << 8) | (bytes[i + 8] as number);
      return { width, height };
    }
    i += 2 + length;
  }
  return null;
}

/** SHA-1 as lowercase hex: Figma's image hashes are SHA-1 of the image bytes. */
export function sha1Hex(bytes: Uint8Array): string {
  const bitLength = bytes.length * 8;
  const paddedLength = (((bytes.length + 8) >> 6) + 1) << 6;
  const data = new Uint8Array(paddedLength);
  data.set(bytes);
  data[bytes.length] = 0x80;
  const view = new DataView(data.buffer);
  view.setUint32(paddedLength - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(paddedLength - 4, bitLength >>> 0);
  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;
  const w = new Uint32Array(80);
  for (let offset = 0; offset < paddedLength; offset += 64) {
    for (let t = 0; t < 16; t += 1) w[t] = view.getUint32(offset + t * 4);
    for (let t = 16; t < 80; t += 1) {
      const v = (w[t - 3] as number) ^ (w[t - 8] as number) ^ (w[t - 14] as number) ^ (w[t - 16] as number);
      w[t] = (v << 1) | (v >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let t = 0; t < 80; t += 1) {
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + (w[t] as number)) >>> 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    h0 = (h0 + a) >>> 0;
    h1 = (h1 + b) >>> 0;
    h2 = (h2 + c) >>> 0;
    h3 = (h3 + d) >>> 0;
    h4 = (h4 + e) >>> 0;
  }
  return [h0, h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}
