// Width and height of a PNG, JPEG, WebP or GIF read from its header alone, so a request's images
// can be checked for a sane size (and a box or mask against them) without decoding any pixels.
import { base64ByteReader, readPngInfoFrom, sniffImageType, type ByteReader, type ImageType } from './png-header';

export interface ImageDimensions {
  type: ImageType;
  width: number;
  height: number;
}

const MAX_JPEG_SEGMENTS = 512;

function u16be(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
}

function u16le(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

function u24le(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16);
}

/** A start-of-frame marker (SOF0-SOF15 except DHT C4, JPG C8 and DAC CC) carries the frame size. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Walks the JPEG segment headers (skipping their data) to the first start-of-frame. */
function readJpegSize(read: ByteReader): { width: number; height: number; components: number } | null {
  let offset = 2;
  for (let segments = 0; segments < MAX_JPEG_SEGMENTS; segments += 1) {
    const head = read(offset, 10);
    if (head.length < 4 || head[0] !== 0xff) return null;
    const marker = head[1] as number;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame
    if (isStartOfFrame(marker)) {
      if (head.length < 10) return null;
      return { height: u16be(head, 5), width: u16be(head, 7), components: head[9] as number };
    }
    offset += 2 + u16be(head, 2);
  }
  return null;
}

function readWebpSize(read: ByteReader): { width: number; height: number } | null {
  const head = read(0, 30);
  if (head.length < 30) return null;
  const chunk = String.fromCharCode(head[12] as number, head[13] as number, head[14] as number, head[15] as number);
  if (chunk === 'VP8 ') return { width: u16le(head, 26) & 0x3fff, height: u16le(head, 28) & 0x3fff };
  if (chunk === 'VP8L') {
    const b1 = head[22] as number;
    const b2 = head[23] as number;
    const b3 = head[24] as number;
    return { width: 1 + (((b1 & 0x3f) << 8) | (head[21] as number)), height: 1 + (((b3 & 0x0f) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)) };
  }
  if (chunk === 'VP8X') return { width: 1 + u24le(head, 24), height: 1 + u24le(head, 27) };
  return null;
}

/** The image's type and size from its header, or null when it is not a readable PNG/JPEG/WebP/GIF. */
function readImageDimensionsFrom(read: ByteReader): ImageDimensions | null {
  const type = sniffImageType(read(0, 12));
  if (type === null) return null;
  let size: { width: number; height: number } | null = null;
  if (type === 'png') size = readPngInfoFrom(read);
  else if (type === 'jpeg') size = readJpegSize(read);
  else if (type === 'webp') size = readWebpSize(read);
  else {
    const head = read(0, 10);
    size = head.length < 10 ? null : { width: u16le(head, 6), height: u16le(head, 8) };
  }
  if (!size || size.width <= 0 || size.height <= 0) return null;
  return { type, width: size.width, height: size.height };
}

/** readImageDimensionsFrom for a base64 image (or data URL), decoding only the header bytes. */
export function readImageDimensionsFromBase64(base64OrDataUrl: string): ImageDimensions | null {
  try {
    return readImageDimensionsFrom(base64ByteReader(base64OrDataUrl));
  } catch {
    return null; // not base64
  }
}
