// RemoveBackground without a model: the background colour is estimated from the border, every
// pixel is scored by its colour distance from it, the part of the background reachable from the
// border is separated from the subject with ForegroundThreshold / BackgroundThreshold, a band of
// ErodeSize pixels along the edge is judged by colour alone, and the edge is softened. The result
// is a PNG with alpha (or, with OnlyMask, the black-and-white mask). Deterministic.
import sharp from 'sharp';
import type { HairOptimization } from '../contract/schemas';
import { EMULATOR_IMAGE_SOFTWARE } from './render-result-image';
import { insertPngTextChunks } from './png-text-chunk';
import { blurMaskAsync, erode, reachableFromBorder } from './mask-geometry';

export interface CutOutRequest {
  bytes: Uint8Array;
  /** x1, y1, x2, y2, inclusive (the contract keeps every corner inside the image). */
  box?: readonly number[];
  erodeSize: number;
  foregroundThreshold: number;
  backgroundThreshold: number;
  hairOptimization: HairOptimization;
  onlyMask: boolean;
}

/** A colour this far (largest channel difference, above the border's noise) from the background scores 255. */
const FULL_SCORE_DISTANCE = 64;
/** Differences up to this many levels never count: JPEG ringing and sensor noise around an edge reach about that. */
const MIN_NOISE_FLOOR = 8;
/** Extra edge band for HairOptimization 'on': fine strands near the edge are judged by colour. */
const HAIR_BAND_PIXELS = 3;
/** Alpha below this (under 5 %) is dropped: faint specks of noise, not subject. */
const MIN_KEPT_ALPHA = 12;
/** Gaussian sigma of the final edge softening, in pixels. */
const EDGE_SOFTENING_SIGMA = 0.8;

interface Rgba {
  data: Buffer;
  width: number;
  height: number;
}

export async function decodeRgbaAsync(bytes: Uint8Array): Promise<Rgba> {
  // No auto-rotation: Box coordinates and mask pixels refer to the image as stored.
  const { data, info } = await sharp(bytes).toColourspace('srgb').ensureAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** The region's border pixels: its background colour (per-channel median) and their noise level. */
function estimateBackground(image: Rgba, x1: number, y1: number, x2: number, y2: number): { colour: [number, number, number]; noise: number } {
  const border: number[] = [];
  const add = (x: number, y: number) => border.push((y * image.width + x) * 4);
  for (let x = x1; x <= x2; x++) {
    add(x, y1);
    if (y2 !== y1) add(x, y2);
  }
  for (let y = y1 + 1; y < y2; y++) {
    add(x1, y);
    if (x2 !== x1) add(x2, y);
  }
  const channel = (c: number) => median(border.map((o) => image.data[o + c] as number));
  const colour: [number, number, number] = [channel(0), channel(1), channel(2)];
  const noise = median(border.map((o) => colourDistance(image.data, o, colour)));
  return { colour, noise };
}

function colourDistance(data: Uint8Array, o: number, colour: readonly number[]): number {
  return Math.max(
    Math.abs((data[o] as number) - (colour[0] as number)),
    Math.abs((data[o + 1] as number) - (colour[1] as number)),
    Math.abs((data[o + 2] as number) - (colour[2] as number)),
  );
}

function ramp(score: number, low: number, high: number): number {
  if (score <= low) return 0;
  if (score >= high) return 255;
  return ((score - low) / (high - low)) * 255;
}

/** The subject's alpha (0-255) for the whole image (0 outside the box), and the background colour found. */
async function cutOutAlphaAsync(image: Rgba, request: CutOutRequest): Promise<{ alpha: Uint8Array; background: readonly number[] }> {
  const [x1, y1, x2, y2] = request.box ? (request.box as [number, number, number, number]) : [0, 0, image.width - 1, image.height - 1];
  const width = x2 - x1 + 1;
  const height = y2 - y1 + 1;
  const { colour, noise } = estimateBackground(image, x1, y1, x2, y2);
  const floor = Math.max(MIN_NOISE_FLOOR, noise * 3 + 1);
  const fg = request.foregroundThreshold;
  const bg = request.backgroundThreshold;

  const score = new Float32Array(width * height);
  const notSureSubject = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const distance = colourDistance(image.data, ((y + y1) * image.width + x + x1) * 4, colour);
      score[i] = Math.min(255, (Math.max(0, distance - floor) * 255) / FULL_SCORE_DISTANCE);
      notSureSubject[i] = (score[i] as number) < fg ? 1 : 0;
    }
  }
  // Background is what the border reaches without crossing the subject; anything enclosed by the
  // subject (a white label on a bottle) belongs to it.
  const background = reachableFromBorder(notSureSubject, width, height);
  const sureSubject = new Uint8Array(width * height);
  const sureBackground = new Uint8Array(width * height);
  for (let i = 0; i < sureSubject.length; i++) {
    const saliency = background[i] ? (score[i] as number) : 255;
    sureSubject[i] = saliency >= fg ? 1 : 0;
    sureBackground[i] = saliency <= bg ? 1 : 0;
  }
  const band = request.erodeSize + (request.hairOptimization === 'on' ? HAIR_BAND_PIXELS : 0);
  const subjectCore = erode(sureSubject, width, height, band);
  const backgroundCore = erode(sureBackground, width, height, band);

  const local = new Uint8Array(width * height);
  for (let i = 0; i < local.length; i++) {
    local[i] = subjectCore[i] ? 255 : backgroundCore[i] ? 0 : Math.round(ramp(score[i] as number, bg, fg));
  }
  const softened = await blurMaskAsync(local, width, height, EDGE_SOFTENING_SIGMA);

  const alpha = new Uint8Array(image.width * image.height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y + y1) * image.width + x + x1;
      const own = image.data[o * 4 + 3] as number; // an already transparent pixel stays so
      const value = Math.round(((softened[y * width + x] as number) * own) / 255);
      alpha[o] = value < MIN_KEPT_ALPHA ? 0 : value;
    }
  }
  return { alpha, background: colour };
}

/** The cut-out as PNG: the raw image's colours under the subject's alpha, or the mask alone. */
export async function cutOutSubjectAsync(request: CutOutRequest): Promise<Buffer> {
  const image = await decodeRgbaAsync(request.bytes);
  const { alpha, background: colour } = await cutOutAlphaAsync(image, request);
  let png: Buffer;
  if (request.onlyMask) {
    png = await sharp(alpha, { raw: { width: image.width, height: image.height, channels: 1 } }).toColourspace('b-w').png().toBuffer();
  } else {
    const out = Buffer.alloc(image.width * image.height * 4);
    for (let i = 0; i < alpha.length; i++) {
      const a = alpha[i] as number;
      if (a === 0) continue;
      // Edge pixels are partly background: take its share out, so no light halo stays.
      const share = a / 255;
      for (let c = 0; c < 3; c++) {
        const mixed = image.data[i * 4 + c] as number;
        out[i * 4 + c] = a === 255 ? mixed : Math.round(Math.min(255, Math.max(0, (mixed - (1 - share) * (colour[c] as number)) / share)));
      }
      out[i * 4 + 3] = a;
    }
    png = await sharp(out, { raw: { width: image.width, height: image.height, channels: 4 } }).png({ compressionLevel: 4 }).toBuffer();
  }
  return insertPngTextChunks(png, {
    Software: EMULATOR_IMAGE_SOFTWARE,
    Comment: `Made by the ${EMULATOR_IMAGE_SOFTWARE} (a local stand-in, not an AI model): ${request.onlyMask ? 'subject mask' : 'cut-out'} by colour distance from the border's background.`,
  });
}
