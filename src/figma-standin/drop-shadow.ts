// Drop shadows: the shape's silhouette grown by spread, offset, blurred with Figma's radius
// (a Gaussian of sigma = radius / 2, approximated by three box blurs) and tinted.

import { type Affine, multiplyAffine } from './affine.js';
import type { Canvas, CoverageFn, DrawOp, ShadowSpec, ShapeGeometry } from './draw-ops.js';
import { shapeCoverage } from './shape-coverage.js';

/** A drop shadow: the shape's silhouette, grown by spread, offset, Gaussian-blurred, tinted. */
export function drawShadow(
  canvas: Canvas,
  op: Extract<DrawOp, { kind: 'shape' }>,
  shadow: ShadowSpec,
  pageToPixel: Affine,
  clips: CoverageFn[],
  opacity: number,
): void {
  const geometry: ShapeGeometry = { ...op, transform: multiplyAffine(op.transform, [[1, 0, shadow.dx], [0, 1, shadow.dy]]) };
  const silhouette = shapeCoverage(geometry, pageToPixel, canvas, shadow.spread);
  const unitsPerPixel = Math.sqrt(Math.abs(pageToPixel[0][0] * pageToPixel[1][1]));
  const sigma = (shadow.radius / 2) * unitsPerPixel;
  const margin = Math.ceil(sigma * 3) + 1;
  const lx0 = Math.max(0, silhouette.bounds.x0 - margin);
  const ly0 = Math.max(0, silhouette.bounds.y0 - margin);
  const lx1 = Math.min(canvas.width, silhouette.bounds.x1 + margin);
  const ly1 = Math.min(canvas.height, silhouette.bounds.y1 + margin);
  // The silhouette is sampled over a margin beyond the canvas so blur near the edges stays right.
  const ox = silhouette.bounds.x0 - margin;
  const oy = silhouette.bounds.y0 - margin;
  const w = silhouette.bounds.x1 + margin - ox;
  const h = silhouette.bounds.y1 + margin - oy;
  if (lx1 <= lx0 || ly1 <= ly0 || w <= 0 || h <= 0) return;
  let mask: Float32Array<ArrayBufferLike> = new Float32Array(w * h);
  for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) mask[y * w + x] = silhouette.at(ox + x + 0.5, oy + y + 0.5);
  if (sigma > 0.3) mask = gaussianBlur(mask, w, h, sigma);
  for (let py = ly0; py < ly1; py += 1) {
    for (let px = lx0; px < lx1; px += 1) {
      let a = (mask[(py - oy) * w + (px - ox)] as number) * shadow.a * opacity;
      for (let i = 0; i < clips.length && a > 0; i += 1) a *= (clips[i] as CoverageFn).at(px + 0.5, py + 0.5);
      if (a <= 0) continue;
      const i = (py * canvas.width + px) * 4;
      const keep = 1 - a;
      canvas.px[i] = shadow.r * a + (canvas.px[i] as number) * keep;
      canvas.px[i + 1] = shadow.g * a + (canvas.px[i + 1] as number) * keep;
      canvas.px[i + 2] = shadow.b * a + (canvas.px[i + 2] as number) * keep;
      canvas.px[i + 3] = a + (canvas.px[i + 3] as number) * keep;
    }
  }
}

/** Three box blurs per axis approximate a Gaussian of `sigma` pixels. */
function gaussianBlur(src: Float32Array<ArrayBufferLike>, w: number, h: number, sigma: number): Float32Array<ArrayBufferLike> {
  const boxes = boxSizesForGaussian(sigma);
  const a = src;
  const b = new Float32Array(src.length);
  for (const size of boxes) {
    const r = (size - 1) / 2;
    boxBlurRows(a, b, w, h, r);
    boxBlurColumns(b, a, w, h, r);
  }
  return a;
}

function boxSizesForGaussian(sigma: number): number[] {
  const ideal = Math.sqrt((12 * sigma * sigma) / 3 + 1);
  let lower = Math.floor(ideal);
  if (lower % 2 === 0) lower -= 1;
  const upper = lower + 2;
  const m = Math.round((12 * sigma * sigma - 3 * lower * lower - 12 * lower - 9) / (-4 * lower - 4));
  return [0, 1, 2].map((i) => (i < m ? lower : upper));
}

function boxBlurRows(src: Float32Array, dst: Float32Array, w: number, h: number, r: number): void {
  const scale = 1 / (2 * r + 1);
  for (let y = 0; y < h; y += 1) {
    const row = y * w;
    let sum = 0;
    for (let x = -r; x <= r; x += 1) sum += x >= 0 && x < w ? (src[row + x] as number) : 0;
    for (let x = 0; x < w; x += 1) {
      dst[row + x] = sum * scale;
      const add = x + r + 1;
      const drop = x - r;
      if (add < w) sum += src[row + add] as number;
      if (drop >= 0) sum -= src[row + drop] as number;
    }
  }
}

function boxBlurColumns(src: Float32Array, dst: Float32Array, w: number, h: number, r: number): void {
  const scale = 1 / (2 * r + 1);
  for (let x = 0; x < w; x += 1) {
    let sum = 0;
    for (let y = -r; y <= r; y += 1) sum += y >= 0 && y < h ? (src[y * w + x] as number) : 0;
    for (let y = 0; y < h; y += 1) {
      dst[y * w + x] = sum * scale;
      const add = y + r + 1;
      const drop = y - r;
      if (add < h) sum += src[add * w + x] as number;
      if (drop >= 0) sum -= src[drop * w + x] as number;
    }
  }
}
