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

async function inflateAsync(data: Uint8Array): Promise<Uint8Array | null> {
  try {
    const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return null;
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Unfilters one pass of scanlines in place and tests each pixel: the offset after the pass, 0 at a coloured pixel, -1 when cut short. */
function passIsGrey(data: Uint8Array, start: number, width: number, height: number, channels: number, sampleBytes: number): number {
  const bpp = channels * sampleBytes;
  const stride = width * bpp;
  let prev = -1;
  let at = start;
  for (let y = 0; y < height; y += 1) {
    if (at + 1 + stride > data.length) return -1;
    const filter = data[at] as number;
    const row = at + 1;
    for (let i = 0; i < stride; i += 1) {
      const left = i >= bpp ? (data[row + i - bpp] as number) : 0;
      const up = prev >= 0 ? (data[prev + i] as number) : 0;
      const upLeft = prev >= 0 && i >= bpp ? (data[prev + i - bpp] as number) : 0;
      const raw = data[row + i] as number;
      let value = raw;
      if (filter === 1) value = raw + left;
      else if (filter === 2) value = raw + up;
      else if (filter === 3) value = raw + ((left + up) >> 1);
      else if (filter === 4) value = raw + paeth(left, up, upLeft);
      else if (filter !== 0) return -1;
      data[row + i] = value & 0xff;
    }
    for (let x = 0; x < width; x += 1) {
      const p = row + x * bpp; // the high byte of each 16-bit sample is enough to judge colour
      const r = data[p] as number;
      const g = data[p + sampleBytes] as number;
      const b = data[p + 2 * sampleBytes] as number;
      if (Math.abs(r - g) > GREY_TOLERANCE || Math.abs(r - b) > GREY_TOLERANCE) return 0;
    }
    prev = row;
    at = row + stride;
  }
  return at;
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
  const data = await inflateAsync(png.idat);
  if (!data) return 'unreadable';
  const channels = png.colorType === 2 ? 3 : 4;
  const passes = png.interlaced ? ADAM7 : [[0, 0, 1, 1] as const];
  let at = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const width = Math.ceil((png.width - x0) / dx);
    const height = Math.ceil((png.height - y0) / dy);
    if (width <= 0 || height <= 0) continue;
    at = passIsGrey(data, at, width, height, channels, png.bitDepth / 8);
    if (at === 0) return 'coloured';
    if (at < 0) return 'unreadable';
  }
  return 'monochrome';
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
