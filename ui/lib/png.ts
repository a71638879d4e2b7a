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
  // A corrupt stream rejects both sides: the read's error is the one reported, and the write's
  // must not surface as an unhandled rejection.
  const written = writer.write(data as Uint8Array<ArrayBuffer>).then(() => writer.close());
  written.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  await written;
  return concat(chunks);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
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
  return concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Undoes one row's filter (None, Sub, Up, Average, Paeth): `raw[src..]` is the filtered row after
 * its filter byte, `lines[dst..]` receives it and `lines[up..]` holds the row above (`up` < 0 on the
 * first row, which reads zeros above it). One loop per filter type rather than a switch per byte:
 * this runs over every byte of a 2560 px export (26 MB), where the per-byte switch made the decode
 * 2.4x createImageBitmap + getImageData.
 */
export function unfilterRow(filter: number, raw: Uint8Array, src: number, lines: Uint8Array, dst: number, up: number, stride: number, bpp: number): void {
  const first = Math.min(bpp, stride);
  // On the first row every read from above is zero: `above` multiplies them away and `from` keeps
  // the index in range.
  const above = up < 0 ? 0 : 1;
  const from = up < 0 ? dst : up;
  if (filter === 0 || (filter === 2 && !above)) lines.set(raw.subarray(src, src + stride), dst);
  else if (filter === 1) {
    for (let x = 0; x < first; x += 1) lines[dst + x] = raw[src + x] as number;
    for (let x = bpp; x < stride; x += 1) lines[dst + x] = (raw[src + x] as number) + (lines[dst + x - bpp] as number);
  } else if (filter === 2) {
    for (let x = 0; x < stride; x += 1) lines[dst + x] = (raw[src + x] as number) + (lines[from + x] as number);
  } else if (filter === 3) {
    for (let x = 0; x < first; x += 1) lines[dst + x] = (raw[src + x] as number) + (((lines[from + x] as number) * above) >> 1);
    for (let x = bpp; x < stride; x += 1) lines[dst + x] = (raw[src + x] as number) + (((lines[dst + x - bpp] as number) + (lines[from + x] as number) * above) >> 1);
  } else if (filter === 4) {
    for (let x = 0; x < first; x += 1) lines[dst + x] = (raw[src + x] as number) + (lines[from + x] as number) * above;
    for (let x = bpp; x < stride; x += 1) {
      lines[dst + x] = (raw[src + x] as number) + paeth(lines[dst + x - bpp] as number, (lines[from + x] as number) * above, (lines[from + x - bpp] as number) * above);
    }
  } else throw new RangeError(`unknown PNG filter ${filter}`);
}

/** What decoding needs from a PNG's chunks. */
export interface PngLayout {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  palette: Uint8Array | null;
  paletteAlpha: Uint8Array | null;
  transparentKey: number[] | null;
  /** The IDAT chunks' data, in order: together one zlib stream. */
  idat: Uint8Array[];
  channels: number;
  /** Bytes per row after its filter byte, and bytes per pixel as the filters count them (at least 1). */
  stride: number;
  bpp: number;
}

/** Reads a PNG's chunks. Throws a RangeError on what decodePngAsync cannot read. */
export function readPngLayout(bytes: Uint8Array): PngLayout {
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
  const idat: Uint8Array[] = [];
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
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const channels = CHANNELS[colorType];
  if (!width || !height || channels === undefined) throw new RangeError(`unsupported PNG (colour type ${colorType})`);
  if (interlace !== 0) throw new RangeError('interlaced PNGs are not supported');
  if (colorType === 3 && !palette) throw new RangeError('palette PNG without a PLTE chunk');
  const bitsPerPixel = channels * bitDepth;
  return { width, height, bitDepth, colorType, palette, paletteAlpha, transparentKey, idat, channels, stride: Math.ceil((width * bitsPerPixel) / 8), bpp: Math.max(1, bitsPerPixel >> 3) };
}

/** Decodes a PNG to straight-alpha RGBA (8 bits per channel). Throws a RangeError on what it cannot read. */
export async function decodePngAsync(bytes: Uint8Array): Promise<RgbaImage> {
  const { width, height, bitDepth, colorType, palette, paletteAlpha, transparentKey, idat, channels, stride, bpp } = readPngLayout(bytes);
  const compressed = idat.length === 1 ? (idat[0] as Uint8Array) : concat(idat);
  const raw = await runStreamAsync(compressed, new DecompressionStream('deflate'));
  if (raw.length < (stride + 1) * height) throw new RangeError('PNG image data is truncated');
  const lines = new Uint8Array(stride * height);
  for (let y = 0; y < height; y += 1) {
    const src = y * (stride + 1);
    unfilterRow(raw[src] as number, raw, src + 1, lines, y * stride, y > 0 ? (y - 1) * stride : -1, stride, bpp);
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
