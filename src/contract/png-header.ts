// Byte-level image sniffing for the contract: base64 <-> bytes, PNG header and chunk walk, magic
// bytes. Pure ES2017 with no DOM, Buffer or atob, because Figma's main thread imports it too.

import { crc32 } from './png-crc32';

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType: number;
  /** Colour type 4 or 6, or a tRNS chunk before the first IDAT. */
  hasAlphaChannel: boolean;
}

export type ImageType = 'png' | 'jpeg' | 'gif' | 'webp';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE_TABLE: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < BASE64_ALPHABET.length; i += 1) table[BASE64_ALPHABET.charCodeAt(i)] = i;
  // Accept the URL-safe alphabet too: some encoders emit it.
  table['-'.charCodeAt(0)] = 62;
  table['_'.charCodeAt(0)] = 63;
  return table;
})();

const MAX_CHUNKS_BEFORE_IDAT = 256;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The base64 part of a data URL (`data:image/png;base64,AAAA` -> `AAAA`); other strings unchanged. */
export function stripDataUrl(s: string): string {
  if (s.slice(0, 5).toLowerCase() !== 'data:') return s;
  const comma = s.indexOf(',');
  return comma < 0 ? '' : s.slice(comma + 1);
}

function isBase64Whitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * Decodes base64 (or a base64 data URL) in pure JS. With `maxBytes`, stops after that many
 * bytes, so a header can be read from a 20 MB image without decoding the rest.
 * Throws a RangeError on characters outside the base64 alphabets.
 */
export function base64ToBytes(base64OrDataUrl: string, maxBytes?: number): Uint8Array {
  const s = stripDataUrl(base64OrDataUrl);
  const limit = maxBytes === undefined ? Infinity : Math.max(0, Math.floor(maxBytes));
  const capacity = Math.min(limit, Math.floor((s.length * 3) / 4) + 3);
  const out = new Uint8Array(capacity);
  let length = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < s.length && length < limit; i += 1) {
    const code = s.charCodeAt(i);
    if (code === 0x3d /* = */) break;
    if (isBase64Whitespace(code)) continue;
    const value = code < 128 ? DECODE_TABLE[code] : -1;
    if (value === undefined || value < 0) {
      throw new RangeError(`not base64: character ${JSON.stringify(s.charAt(i))} at position ${i}`);
    }
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length] = (buffer >> bits) & 0xff;
      length += 1;
    }
  }
  return out.subarray(0, length);
}

/** Encodes bytes as standard, padded base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    chunk +=
      BASE64_ALPHABET.charAt(n >> 18) +
      BASE64_ALPHABET.charAt((n >> 12) & 63) +
      BASE64_ALPHABET.charAt((n >> 6) & 63) +
      BASE64_ALPHABET.charAt(n & 63);
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    chunk += BASE64_ALPHABET.charAt(n >> 18) + BASE64_ALPHABET.charAt((n >> 12) & 63) + '==';
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    chunk +=
      BASE64_ALPHABET.charAt(n >> 18) + BASE64_ALPHABET.charAt((n >> 12) & 63) + BASE64_ALPHABET.charAt((n >> 6) & 63) + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false;
  for (let i = 0; i < prefix.length; i += 1) if (bytes[offset + i] !== prefix[i]) return false;
  return true;
}

function ascii(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 1) out.push(text.charCodeAt(i));
  return out;
}

/** The image format named by the first bytes (12 are enough), or null. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  return null;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    (((bytes[offset] as number) << 24) >>> 0) +
    ((bytes[offset + 1] as number) << 16) +
    ((bytes[offset + 2] as number) << 8) +
    (bytes[offset + 3] as number)
  );
}

function chunkType(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(
    bytes[offset] as number,
    bytes[offset + 1] as number,
    bytes[offset + 2] as number,
    bytes[offset + 3] as number,
  );
}

/** Random access to an image's bytes: returns up to `length` bytes from `offset`. */
export type ByteReader = (offset: number, length: number) => Uint8Array;

/**
 * Reads a PNG's IHDR and walks the chunk headers (skipping their data) up to the first IDAT to
 * find a tRNS chunk. Returns null when the bytes are not a PNG or the IHDR is cut short.
 */
export function readPngInfoFrom(read: ByteReader): PngInfo | null {
  const head = read(0, 33);
  if (!startsWith(head, PNG_SIGNATURE) || head.length < 33) return null;
  if (readUint32(head, 8) !== 13 || chunkType(head, 12) !== 'IHDR') return null;
  const width = readUint32(head, 16);
  const height = readUint32(head, 20);
  const bitDepth = head[24] as number;
  const colorType = head[25] as number;
  let hasAlphaChannel = colorType === 4 || colorType === 6;
  // tRNS, if any, sits between IHDR and the first IDAT; walk the chunk headers only.
  // Real files have a handful of chunks before IDAT; the cap bounds the work on garbage input.
  let offset = 33;
  for (let chunks = 0; !hasAlphaChannel && chunks < MAX_CHUNKS_BEFORE_IDAT; chunks += 1) {
    const header = read(offset, 8);
    if (header.length < 8) break;
    const type = chunkType(header, 4);
    if (type === 'tRNS') hasAlphaChannel = true;
    if (type === 'IDAT' || type === 'IEND') break;
    offset += 12 + readUint32(header, 0);
  }
  return { width, height, bitDepth, colorType, hasAlphaChannel };
}

/** readPngInfoFrom over bytes already in memory (a prefix is fine: the walk stops at its end). */
export function readPngInfo(bytes: Uint8Array): PngInfo | null {
  return readPngInfoFrom((offset, length) => bytes.subarray(offset, offset + length));
}

/**
 * A ByteReader over a base64 string (or data URL) that decodes only the 4-character groups it
 * needs. Whitespace breaks the 3-bytes-per-4-characters mapping, so such strings fall back to
 * decoding a prefix (up to `fallbackMaxBytes`).
 */
export function base64ByteReader(base64OrDataUrl: string, fallbackMaxBytes = 1 << 20): ByteReader {
  const s = stripDataUrl(base64OrDataUrl);
  if (/\s/.test(s.slice(0, 4096)) || /\s/.test(s.slice(-4096))) {
    const prefix = base64ToBytes(s, fallbackMaxBytes);
    return (offset, length) => prefix.subarray(offset, offset + length);
  }
  return (offset, length) => {
    if (offset < 0 || length <= 0) return new Uint8Array(0);
    const firstGroup = Math.floor(offset / 3);
    const lastGroup = Math.floor((offset + length - 1) / 3);
    const bytes = base64ToBytes(s.slice(firstGroup * 4, (lastGroup + 1) * 4));
    const skip = offset - firstGroup * 3;
    return bytes.subarray(skip, skip + length);
  };
}

/** More chunks than this is no image worth sending (real files have a few, or one per 8-64 KB of data). */
const MAX_PNG_CHUNKS = 100_000;

/**
 * Whether the PNG is whole as far as its chunk headers tell, without inflating anything: the
 * IHDR's checksum is right, and the chunks run from there through an IDAT to an IEND inside the
 * image's `byteLength`. A file cut short, or one whose header was damaged, is caught before a
 * request carries it (the image data itself could still be damaged).
 */
function isWholePng(read: ByteReader, byteLength: number): boolean {
  const head = read(0, 33);
  if (head.length < 33 || crc32(head, 12, 29) !== readUint32(head, 29)) return false;
  let sawData = false;
  let offset = 33;
  for (let chunks = 0; chunks < MAX_PNG_CHUNKS; chunks += 1) {
    const header = read(offset, 8);
    if (header.length < 8) return false;
    const end = offset + 12 + readUint32(header, 0);
    if (end > byteLength) return false;
    const type = chunkType(header, 4);
    if (type === 'IEND') return sawData;
    if (type === 'IDAT') sawData = true;
    offset = end;
  }
  return false;
}

/** The bytes a base64 text (no whitespace) decodes to. */
function base64ByteLength(base64OrDataUrl: string): number {
  const s = stripDataUrl(base64OrDataUrl);
  const padding = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - padding;
}

/**
 * readPngInfo for a base64 image sent to PICPIK, decoding only the header and chunk headers; null
 * when it is not a PNG, or not a whole one (isWholePng).
 */
export function readPngInfoFromBase64(base64OrDataUrl: string): PngInfo | null {
  const read = base64ByteReader(base64OrDataUrl);
  const info = readPngInfoFrom(read);
  return info && isWholePng(read, base64ByteLength(base64OrDataUrl)) ? info : null;
}

/** sniffImageType for a base64 image, decoding only the first 12 bytes. */
export function sniffBase64ImageType(base64OrDataUrl: string): ImageType | null {
  try {
    return sniffImageType(base64ToBytes(base64OrDataUrl, 12));
  } catch {
    return null;
  }
}
