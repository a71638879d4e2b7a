// CRC-32 as PNG chunks carry it (ISO 3309, polynomial 0xedb88320, over chunk type and data), for
// everything that writes a chunk: the UI's encoder, the emulator's text chunks, tests' fixtures.
// Pure ES2017 with no DOM or Node APIs, like png-header.ts, so every part may import it.

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC of bytes[start..end). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i += 1) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
