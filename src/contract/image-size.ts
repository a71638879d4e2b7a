// Pixel size of a PNG, JPEG or GIF from its header, without decoding: Figma's createImage checks
// it (4096 px a side at most) before reading the pixels, and the UI checks it before sending.
import { readPngInfo } from './png-header';

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
