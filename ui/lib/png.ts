// A small PNG codec for the UI and its Node tests: encodes 8-bit RGBA, decodes the colour types
// Figma and files produce (grey, RGB, palette, grey+alpha, RGBA; 1..16 bits, not interlaced).
// zlib (de)compression comes from the platform's CompressionStream('deflate').

import { crc32 } from '../../src/contract/png-crc32';

export interface RgbaImage {
  width: number;
  height: number;
  /** width * height * 4 bytes, straight (not premultiplied) alpha. */
  rgba: Uint8Array;
}

const SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function runStreamAsync(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Write and close without awaiting first: a large input would otherwise wait on back-pressure
  // while nobody reads the output yet.
  const written = writer.write(data as Uint8Array<ArrayBuffer>).then(() => writer.close());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  await written;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function writeUint32(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value >>> 24;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    (((bytes[offset] as number) << 24) |
      ((bytes[offset + 1] as number) << 16) |
      ((bytes[offset + 2] as number) << 8) |
      (bytes[offset + 3] as number)) >>>
    0
  );
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  writeUint32(out, 0, data.length);
  for (let i = 0; i < 4; i += 1) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  writeUint32(out, 8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/**
 * Encodes straight-alpha RGBA as an 8-bit RGBA PNG. Each row uses the Sub filter when the row
 * has content and None when it is fully transparent (cheap and compresses transparent margins well).
 */
export async function encodePngAsync(image: RgbaImage): Promise<Uint8Array> {
  const { width, height, rgba } = image;
  if (rgba.length !== width * height * 4) throw new RangeError(`RGBA length ${rgba.length} does not match ${width} x ${height}`);
  const stride = width * 4;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const src = y * stride;
    const dst = y * (stride + 1);
    raw[dst] = 1; // Sub
    for (let x = 0; x < stride; x += 1) {
      const left = x >= 4 ? (rgba[src + x - 4] as number) : 0;
      raw[dst + 1 + x] = ((rgba[src + x] as number) - left) & 0xff;
    }
  }
  const ihdr = new Uint8Array(13);
  writeUint32(ihdr, 0, width);
  writeUint32(ihdr, 4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const idat = await runStreamAsync(raw, new CompressionStream('deflate'));
  const parts = [SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Decodes a PNG to straight-alpha RGBA (8 bits per channel). Throws a RangeError on what it cannot read. */
export async function decodePngAsync(bytes: Uint8Array): Promise<RgbaImage> {
  for (let i = 0; i < SIGNATURE.length; i += 1) {
    if (bytes[i] !== SIGNATURE[i]) throw new RangeError('not a PNG: the signature is missing');
  }
  let offset = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 8;
  let colorType = 6;
  let interlace = 0;
  let palette: Uint8Array | null = null;
  let paletteAlpha: Uint8Array | null = null;
  let transparentKey: number[] | null = null;
  const idatParts: Uint8Array[] = [];
  while (offset + 8 <= bytes.length) {
    const length = readUint32(bytes, offset);
    const type = String.fromCharCode(
      bytes[offset + 4] as number,
      bytes[offset + 5] as number,
      bytes[offset + 6] as number,
      bytes[offset + 7] as number,
    );
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = readUint32(data, 0);
      height = readUint32(data, 4);
      bitDepth = data[8] as number;
      colorType = data[9] as number;
      interlace = data[12] as number;
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') {
      if (colorType === 3) paletteAlpha = data;
      else if (colorType === 0) transparentKey = [(data[0]! << 8) | data[1]!];
      else if (colorType === 2) transparentKey = [(data[0]! << 8) | data[1]!, (data[2]! << 8) | data[3]!, (data[4]! << 8) | data[5]!];
    } else if (type === 'IDAT') idatParts.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const channels = CHANNELS[colorType];
  if (!width || !height || channels === undefined) throw new RangeError(`unsupported PNG (colour type ${colorType})`);
  if (interlace !== 0) throw new RangeError('interlaced PNGs are not supported');
  if (colorType === 3 && !palette) throw new RangeError('palette PNG without a PLTE chunk');
  const compressed = new Uint8Array(idatParts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of idatParts) {
    compressed.set(part, at);
    at += part.length;
  }
  const raw = await runStreamAsync(compressed, new DecompressionStream('deflate'));
  const bitsPerPixel = channels * bitDepth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  if (raw.length < (stride + 1) * height) throw new RangeError('PNG image data is truncated');
  const lines = new Uint8Array(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)] as number;
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let x = 0; x < stride; x += 1) {
      const value = raw[src + x] as number;
      const a = x >= bpp ? (lines[dst + x - bpp] as number) : 0;
      const b = y > 0 ? (lines[dst - stride + x] as number) : 0;
      const c = x >= bpp && y > 0 ? (lines[dst - stride + x - bpp] as number) : 0;
      let out: number;
      switch (filter) {
        case 0: out = value; break;
        case 1: out = value + a; break;
        case 2: out = value + b; break;
        case 3: out = value + ((a + b) >> 1); break;
        case 4: out = value + paeth(a, b, c); break;
        default: throw new RangeError(`unknown PNG filter ${filter} on row ${y}`);
      }
      lines[dst + x] = out & 0xff;
    }
  }
  // 8-bit RGBA rows already are the output (Figma's exports): no second pass over 26 MB at 2560 px.
  if (colorType === 6 && bitDepth === 8) return { width, height, rgba: lines };
  const rgba = new Uint8Array(width * height * 4);
  const maxSample = (1 << bitDepth) - 1;
  const sample = (row: number, index: number): number => {
    // The index-th sample of a row, as its raw value (0..2^bitDepth-1).
    if (bitDepth === 8) return lines[row + index] as number;
    if (bitDepth === 16) return ((lines[row + index * 2] as number) << 8) | (lines[row + index * 2 + 1] as number);
    const bit = index * bitDepth;
    const byte = lines[row + (bit >> 3)] as number;
    return (byte >> (8 - bitDepth - (bit & 7))) & maxSample;
  };
  const to8 = (value: number): number => (bitDepth === 8 ? value : bitDepth === 16 ? value >> 8 : Math.round((value * 255) / maxSample));
  for (let y = 0; y < height; y += 1) {
    const row = y * stride;
    for (let x = 0; x < width; x += 1) {
      const o = (y * width + x) * 4;
      if (colorType === 3) {
        const index = sample(row, x);
        rgba[o] = palette![index * 3] ?? 0;
        rgba[o + 1] = palette![index * 3 + 1] ?? 0;
        rgba[o + 2] = palette![index * 3 + 2] ?? 0;
        rgba[o + 3] = paletteAlpha && index < paletteAlpha.length ? (paletteAlpha[index] as number) : 255;
      } else if (colorType === 0 || colorType === 4) {
        const grey = sample(row, x * channels);
        const v = to8(grey);
        rgba[o] = v;
        rgba[o + 1] = v;
        rgba[o + 2] = v;
        rgba[o + 3] = colorType === 4 ? to8(sample(row, x * channels + 1)) : transparentKey && transparentKey[0] === grey ? 0 : 255;
      } else {
        const r = sample(row, x * channels);
        const g = sample(row, x * channels + 1);
        const b = sample(row, x * channels + 2);
        rgba[o] = to8(r);
        rgba[o + 1] = to8(g);
        rgba[o + 2] = to8(b);
        rgba[o + 3] =
          colorType === 6
            ? to8(sample(row, x * channels + 3))
            : transparentKey && transparentKey[0] === r && transparentKey[1] === g && transparentKey[2] === b
              ? 0
              : 255;
      }
    }
  }
  return { width, height, rgba };
}
