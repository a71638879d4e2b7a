// Inserts PNG tEXt chunks (keyword + Latin-1 text) right after IHDR, so every emulator image
// says where it came from without re-encoding the pixels.

import { crc32 } from '../contract/png-crc32.js';

function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 256 ? code : 0x3f; // '?' for characters tEXt cannot carry
  });
}

function textChunk(keyword: string, text: string): Uint8Array {
  const key = latin1Bytes(keyword.slice(0, 79));
  const value = latin1Bytes(text);
  const data = new Uint8Array(key.length + 1 + value.length);
  data.set(key, 0);
  data.set(value, key.length + 1);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set([0x74, 0x45, 0x58, 0x74], 4); // "tEXt"
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

/** Returns a copy of `png` with one tEXt chunk per entry inserted after the IHDR chunk. */
export function insertPngTextChunks(png: Uint8Array, entries: Record<string, string>): Buffer {
  const ihdrEnd = 8 + 12 + 13; // signature + IHDR (length, type, 13 data bytes, crc)
  const chunks = Object.entries(entries).map(([keyword, text]) => textChunk(keyword, text));
  return Buffer.concat([png.subarray(0, ihdrEnd), ...chunks, png.subarray(ihdrEnd)]);
}

/** Reads all tEXt chunks of a PNG (used by tests and by anyone inspecting a result). */
export function readPngTextChunks(png: Uint8Array): Record<string, string> {
  const result: Record<string, string> = {};
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  while (offset + 8 <= png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (type === 'tEXt') {
      const data = png.subarray(offset + 8, offset + 8 + length);
      const zero = data.indexOf(0);
      const keyword = String.fromCharCode(...data.subarray(0, zero));
      result[keyword] = Array.from(data.subarray(zero + 1), (b) => String.fromCharCode(b)).join('');
    }
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  return result;
}
