// Whether a PNG holds only greys (R = G = B in every pixel), read from its pixels: a mask's header
// says so only for grey colour types, and a mask drawn on a canvas is always saved as RGBA. Uses
// the web-standard DecompressionStream (browsers, Node 18+, edge runtimes), so it is async.
import type { ContractIssue } from './issues';
import { base64ToBytes } from './png-header';

export type MonochromeAnswer = 'monochrome' | 'coloured' | 'unreadable';

/** Channel values this far apart still count as grey (colour-managed encoders round a little). */
const GREY_TOLERANCE = 2;
const PNG_SIGNATURE_LENGTH = 8;
/** Adam7 passes: first column, first row, column step, row step. */
const ADAM7: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
];

interface PngParts {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  palette: Uint8Array | null;
  idat: Uint8Array;
}

function u32(bytes: Uint8Array, at: number): number {
  return (((bytes[at] as number) << 24) >>> 0) + ((bytes[at + 1] as number) << 16) + ((bytes[at + 2] as number) << 8) + (bytes[at + 3] as number);
}

function splitPng(bytes: Uint8Array): PngParts | null {
  if (bytes.length < 33 || bytes[1] !== 0x50 || bytes[2] !== 0x4e || bytes[3] !== 0x47) return null;
  const parts: PngParts = { width: u32(bytes, 16), height: u32(bytes, 20), bitDepth: bytes[24] as number, colorType: bytes[25] as number, interlaced: bytes[28] === 1, palette: null, idat: new Uint8Array(0) };
  const idat: Uint8Array[] = [];
  let total = 0;
  for (let offset = PNG_SIGNATURE_LENGTH; offset + 8 <= bytes.length; ) {
    const length = u32(bytes, offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'PLTE') parts.palette = data;
    if (type === 'IDAT') {
      idat.push(data);
      total += data.length;
    }
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  parts.idat = new Uint8Array(total);
  let at = 0;
  for (const piece of idat) {
    parts.idat.set(piece, at);
    at += piece.length;
  }
  return parts;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Unfilters one scanline (`row[0]` is its filter) in place against the previous one; false for an unknown filter. */
function unfilterRow(row: Uint8Array, prev: Uint8Array | null, bpp: number): boolean {
  const filter = row[0] as number;
  if (filter > 4) return false;
  for (let i = 1; i < row.length; i += 1) {
    const left = i > bpp ? (row[i - bpp] as number) : 0;
    const up = prev ? (prev[i] as number) : 0;
    const upLeft = prev && i > bpp ? (prev[i - bpp] as number) : 0;
    const raw = row[i] as number;
    let value = raw;
    if (filter === 1) value = raw + left;
    else if (filter === 2) value = raw + up;
    else if (filter === 3) value = raw + ((left + up) >> 1);
    else if (filter === 4) value = raw + paeth(left, up, upLeft);
    row[i] = value & 0xff;
  }
  return true;
}

/** Whether every pixel of an unfiltered scanline is grey (the high byte of a 16-bit sample is enough). */
function rowIsGrey(row: Uint8Array, width: number, bpp: number, sampleBytes: number): boolean {
  for (let x = 0; x < width; x += 1) {
    const p = 1 + x * bpp;
    const r = row[p] as number;
    if (Math.abs(r - (row[p + sampleBytes] as number)) > GREY_TOLERANCE || Math.abs(r - (row[p + 2 * sampleBytes] as number)) > GREY_TOLERANCE) return false;
  }
  return true;
}

/**
 * Inflates the image data as a stream and judges each scanline as it completes, holding two
 * rows at a time and reading no further than the header's size needs: a small PNG that
 * inflates to gigabytes (or a huge valid one) costs no more memory than one scanline.
 */
async function pixelsAreGreyAsync(png: PngParts): Promise<MonochromeAnswer> {
  const channels = png.colorType === 2 ? 3 : 4;
  const sampleBytes = png.bitDepth / 8;
  const bpp = channels * sampleBytes;
  const passes = (png.interlaced ? ADAM7 : [[0, 0, 1, 1] as const])
    .map(([x0, y0, dx, dy]) => ({ width: Math.ceil((png.width - x0) / dx), height: Math.ceil((png.height - y0) / dy) }))
    .filter((pass) => pass.width > 0 && pass.height > 0);
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    reader = new Blob([png.idat as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
    let passIndex = 0;
    let y = 0;
    let row: Uint8Array = new Uint8Array(1 + (passes[0]?.width ?? 0) * bpp);
    let prev: Uint8Array | null = null;
    let filled = 0;
    let extra = false;
    while (passIndex < passes.length) {
      const { done, value } = await reader.read();
      if (done) return 'unreadable'; // cut short
      let i = 0;
      while (i < value.length && passIndex < passes.length) {
        const take = Math.min(row.length - filled, value.length - i);
        row.set(value.subarray(i, i + take), filled);
        filled += take;
        i += take;
        if (filled < row.length) break;
        const pass = passes[passIndex]!;
        if (!unfilterRow(row, prev, bpp)) return 'unreadable';
        if (!rowIsGrey(row, pass.width, bpp, sampleBytes)) return 'coloured';
        [prev, row] = [row, prev ?? new Uint8Array(row.length)];
        filled = 0;
        y += 1;
        if (y === pass.height) {
          passIndex += 1;
          y = 0;
          prev = null;
          row = new Uint8Array(1 + (passes[passIndex]?.width ?? 0) * bpp);
        }
      }
      if (passIndex === passes.length && i < value.length) extra = true;
    }
    // The data must end where the pixels do (as libpng requires): more is not this image.
    if (extra) return 'unreadable';
    for (let next = await reader.read(); !next.done; next = await reader.read()) if (next.value.length > 0) return 'unreadable';
    return 'monochrome';
  } catch {
    return 'unreadable';
  } finally {
    reader?.cancel().catch(() => undefined);
  }
}

/** Reads the PNG's pixels (8- or 16-bit grey, RGB, RGBA or palette) and says whether all are grey. */
export async function checkPngMonochromeAsync(base64OrDataUrl: string): Promise<MonochromeAnswer> {
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(base64OrDataUrl);
  } catch {
    return 'unreadable';
  }
  const png = splitPng(bytes);
  if (!png) return 'unreadable';
  if (png.colorType === 0 || png.colorType === 4) return 'monochrome';
  if (png.colorType === 3) {
    if (!png.palette) return 'unreadable';
    for (let i = 0; i + 2 < png.palette.length; i += 3) {
      const r = png.palette[i] as number;
      if (Math.abs(r - (png.palette[i + 1] as number)) > GREY_TOLERANCE || Math.abs(r - (png.palette[i + 2] as number)) > GREY_TOLERANCE) return 'coloured';
    }
    return 'monochrome';
  }
  if ((png.colorType !== 2 && png.colorType !== 6) || (png.bitDepth !== 8 && png.bitDepth !== 16)) return 'unreadable';
  return pixelsAreGreyAsync(png);
}

/**
 * The checks of an action's images that need their pixels, after parseActionParams passed: today
 * RemoveContents' Mask, which must be black and white (greys for soft edges allowed, no colour).
 */
export async function checkActionPixelsAsync(action: string, params: Record<string, unknown>): Promise<ContractIssue[]> {
  if (action !== 'RemoveContents' || typeof params['Mask'] !== 'string') return [];
  const answer = await checkPngMonochromeAsync(params['Mask']);
  if (answer === 'monochrome') return [];
  const message =
    answer === 'coloured'
      ? 'Mask has coloured pixels, but it must be black and white (white = the area to redraw): draw it in black and white only'
      : 'Mask is a PNG whose pixels cannot be read: save it again as an 8-bit PNG';
  return [{ path: 'Mask', rule: 'mask_monochrome', message }];
}
