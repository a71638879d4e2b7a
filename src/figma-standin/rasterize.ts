// Pure-JS rasterizer over RGBA buffers for the stand-in's exports and the playground canvas: solid
// and image paints on (rounded) rects and ellipses, any affine transform, clipping, group opacity.
// The display list is in draw-ops.ts; coverage, shadows and paint sampling have their own modules.

import { type Affine, applyAffine, boundsOfTransformedRect, invertAffine, multiplyAffine } from './affine.js';
import type { Canvas, CoverageFn, DrawOp, RenderTarget, ResolvedPaint, ShadowSpec, ShapeGeometry } from './draw-ops.js';
import type { RgbaImage } from './image-codec.js';
import { drawShadow } from './drop-shadow.js';
import { shapeCoverage } from './shape-coverage.js';

export function rasterize(ops: readonly DrawOp[], target: RenderTarget, background?: ResolvedPaint | null): RgbaImage {
  const canvas: Canvas = {
    width: target.pixelWidth,
    height: target.pixelHeight,
    px: new Float32Array(target.pixelWidth * target.pixelHeight * 4),
  };
  if (background && background.type === 'SOLID') {
    for (let i = 0; i < canvas.px.length; i += 4) {
      canvas.px[i] = background.r * background.a;
      canvas.px[i + 1] = background.g * background.a;
      canvas.px[i + 2] = background.b * background.a;
      canvas.px[i + 3] = background.a;
    }
  }
  const pageToPixel: Affine = [
    [target.pixelWidth / target.region.width, 0, (-target.region.x * target.pixelWidth) / target.region.width],
    [0, target.pixelHeight / target.region.height, (-target.region.y * target.pixelHeight) / target.region.height],
  ];
  drawOps(canvas, ops, pageToPixel, []);
  return toStraightRgba(canvas);
}

function drawOps(canvas: Canvas, ops: readonly DrawOp[], pageToPixel: Affine, clips: CoverageFn[]): void {
  for (const op of ops) {
    if (op.kind === 'shape') {
      drawShape(canvas, op, pageToPixel, clips, op.opacity);
      continue;
    }
    if (op.opacity <= 0) continue;
    const innerClips = op.clip ? [...clips, shapeCoverage(op.clip, pageToPixel, canvas)] : clips;
    if (op.opacity >= 1) {
      drawOps(canvas, op.children, pageToPixel, innerClips);
      continue;
    }
    const layer: Canvas = { width: canvas.width, height: canvas.height, px: new Float32Array(canvas.px.length) };
    drawOps(layer, op.children, pageToPixel, innerClips);
    const a = op.opacity;
    for (let i = 0; i < layer.px.length; i += 4) {
      const sa = (layer.px[i + 3] as number) * a;
      if (sa <= 0) continue;
      const keep = 1 - sa;
      canvas.px[i] = (layer.px[i] as number) * a + (canvas.px[i] as number) * keep;
      canvas.px[i + 1] = (layer.px[i + 1] as number) * a + (canvas.px[i + 1] as number) * keep;
      canvas.px[i + 2] = (layer.px[i + 2] as number) * a + (canvas.px[i + 2] as number) * keep;
      canvas.px[i + 3] = sa + (canvas.px[i + 3] as number) * keep;
    }
  }
}

function drawShape(
  canvas: Canvas,
  op: Extract<DrawOp, { kind: 'shape' }>,
  pageToPixel: Affine,
  clips: CoverageFn[],
  opacity: number,
): void {
  if (opacity <= 0 || op.width <= 0 || op.height <= 0) return;
  for (const shadow of op.shadows ?? []) drawShadow(canvas, op, shadow, pageToPixel, clips, opacity);
  if (op.paints.length > 0) fillArea(canvas, op, op.paints, pageToPixel, clips, opacity, shapeCoverage(op, pageToPixel, canvas), null);
  const stroke = op.stroke;
  if (stroke && stroke.paints.length > 0 && stroke.outer > stroke.inner) {
    const outer = shapeCoverage(op, pageToPixel, canvas, stroke.outer);
    const inner = shapeCoverage(op, pageToPixel, canvas, stroke.inner);
    fillArea(canvas, op, stroke.paints, pageToPixel, clips, opacity, outer, inner);
  }
}

/** Paints the area covered by `coverage` minus `hole` (for stroke rings) with `paints`. */
function fillArea(
  canvas: Canvas,
  op: Extract<DrawOp, { kind: 'shape' }>,
  paints: ResolvedPaint[],
  pageToPixel: Affine,
  clips: CoverageFn[],
  opacity: number,
  coverage: CoverageFn,
  hole: CoverageFn | null,
): void {
  let { x0, y0, x1, y1 } = coverage.bounds;
  for (const c of clips) {
    x0 = Math.max(x0, c.bounds.x0);
    y0 = Math.max(y0, c.bounds.y0);
    x1 = Math.min(x1, c.bounds.x1);
    y1 = Math.min(y1, c.bounds.y1);
  }
  if (x1 <= x0 || y1 <= y0) return;
  const pixelToLocal = invertAffine(multiplyAffine(pageToPixel, op.transform));
  const [[i00, i01, i02], [i10, i11, i12]] = pixelToLocal;
  const samplers = paints.map((p) => paintSampler(p, op.width, op.height, pixelToLocal));
  const color = new Float32Array(4);
  for (let py = y0; py < y1; py += 1) {
    const cy = py + 0.5;
    let u = i00 * (x0 + 0.5) + i01 * cy + i02;
    let v = i10 * (x0 + 0.5) + i11 * cy + i12;
    for (let px = x0; px < x1; px += 1, u += i00, v += i10) {
      const cx = px + 0.5;
      let cov = coverage.atLocal(u, v);
      if (hole) cov -= hole.atLocal(u, v);
      for (let i = 0; i < clips.length && cov > 0; i += 1) cov *= (clips[i] as CoverageFn).at(cx, cy);
      if (cov <= 0) continue;
      color[0] = 0;
      color[1] = 0;
      color[2] = 0;
      color[3] = 0;
      for (const sample of samplers) sample(u, v, color);
      const k = cov * opacity;
      const sa = (color[3] as number) * k;
      if (sa <= 0) continue;
      const i = (py * canvas.width + px) * 4;
      const keep = 1 - sa;
      canvas.px[i] = (color[0] as number) * k + (canvas.px[i] as number) * keep;
      canvas.px[i + 1] = (color[1] as number) * k + (canvas.px[i + 1] as number) * keep;
      canvas.px[i + 2] = (color[2] as number) * k + (canvas.px[i + 2] as number) * keep;
      canvas.px[i + 3] = sa + (canvas.px[i + 3] as number) * keep;
    }
  }
}

function toStraightRgba(canvas: Canvas): RgbaImage {
  const data = new Uint8ClampedArray(canvas.width * canvas.height * 4);
  const px = canvas.px;
  for (let i = 0; i < px.length; i += 4) {
    const a = px[i + 3] as number;
    if (a <= 0) continue;
    data[i] = Math.round(((px[i] as number) / a) * 255);
    data[i + 1] = Math.round(((px[i + 1] as number) / a) * 255);
    data[i + 2] = Math.round(((px[i + 2] as number) / a) * 255);
    data[i + 3] = Math.round(a * 255);
  }
  return { width: canvas.width, height: canvas.height, data };
}

type Sampler = (u: number, v: number, acc: Float32Array) => void;

/** Source-over of a premultiplied colour onto the accumulator. */
function over(acc: Float32Array, r: number, g: number, b: number, a: number): void {
  const keep = 1 - a;
  acc[0] = r + (acc[0] as number) * keep;
  acc[1] = g + (acc[1] as number) * keep;
  acc[2] = b + (acc[2] as number) * keep;
  acc[3] = a + (acc[3] as number) * keep;
}

function paintSampler(paint: ResolvedPaint, width: number, height: number, pixelToLocal: Affine): Sampler {
  if (paint.type === 'SOLID') {
    const { r, g, b, a } = paint;
    return (_u, _v, acc) => over(acc, r * a, g * a, b * a, a);
  }
  const img = paint.image;
  const unitsPerPixel = Math.sqrt(Math.abs(pixelToLocal[0][0] * pixelToLocal[1][1] - pixelToLocal[0][1] * pixelToLocal[1][0]));
  const opacity = paint.opacity;
  // Maps node-local (u, v) to image pixel coordinates in `at`; false outside the painted area.
  const at = new Float64Array(2);
  let toImage: (u: number, v: number) => boolean;
  let imagePixelsPerUnit: number;
  let wrap = false;
  if (paint.scaleMode === 'FILL' || paint.scaleMode === 'FIT') {
    const s = paint.scaleMode === 'FILL' ? Math.max(width / img.width, height / img.height) : Math.min(width / img.width, height / img.height);
    const ox = (width - img.width * s) / 2;
    const oy = (height - img.height * s) / 2;
    imagePixelsPerUnit = 1 / s;
    const fit = paint.scaleMode === 'FIT';
    toImage = (u, v) => {
      const x = (u - ox) / s;
      const y = (v - oy) / s;
      if (fit && (x < 0 || y < 0 || x > img.width || y > img.height)) return false;
      at[0] = x;
      at[1] = y;
      return true;
    };
  } else if (paint.scaleMode === 'TILE') {
    const sf = paint.scalingFactor && paint.scalingFactor > 0 ? paint.scalingFactor : 1;
    imagePixelsPerUnit = 1 / sf;
    wrap = true;
    toImage = (u, v) => {
      at[0] = u / sf;
      at[1] = v / sf;
      return true;
    };
  } else {
    const t = paint.imageTransform ?? [
      [1, 0, 0],
      [0, 1, 0],
    ];
    imagePixelsPerUnit = Math.sqrt(
      Math.abs((t[0][0] * t[1][1] - t[0][1] * t[1][0]) * ((img.width * img.height) / (width * height))),
    );
    toImage = (u, v) => {
      const n = applyAffine(t, u / width, v / height);
      if (n.x < 0 || n.y < 0 || n.x > 1 || n.y > 1) return false;
      at[0] = n.x * img.width;
      at[1] = n.y * img.height;
      return true;
    };
  }
  const level = mipLevelFor(img, imagePixelsPerUnit * unitsPerPixel);
  const rgba = new Float32Array(4);
  return (u, v, acc) => {
    if (!toImage(u, v)) return;
    sampleBilinear(level.image, (at[0] as number) / level.factor, (at[1] as number) / level.factor, wrap, rgba);
    const a = (rgba[3] as number) * opacity;
    if (a <= 0) return;
    over(acc, (rgba[0] as number) * a, (rgba[1] as number) * a, (rgba[2] as number) * a, a);
  };
}

/** Straight RGBA 0..1 at image pixel coordinates (pixel centres at +0.5), edges clamped or wrapped. */
function sampleBilinear(img: RgbaImage, x: number, y: number, wrap: boolean, out: Float32Array): void {
  const fx = x - 0.5;
  const fy = y - 0.5;
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const tx = fx - x0;
  const ty = fy - y0;
  const w = img.width;
  const h = img.height;
  const xa = wrap ? wrapIndex(x0, w) : clampIndex(x0, w);
  const xb = wrap ? wrapIndex(x0 + 1, w) : clampIndex(x0 + 1, w);
  const ya = (wrap ? wrapIndex(y0, h) : clampIndex(y0, h)) * w;
  const yb = (wrap ? wrapIndex(y0 + 1, h) : clampIndex(y0 + 1, h)) * w;
  const d = img.data;
  const a = (ya + xa) * 4;
  const b = (ya + xb) * 4;
  const c = (yb + xa) * 4;
  const e = (yb + xb) * 4;
  const wa = (1 - tx) * (1 - ty);
  const wb = tx * (1 - ty);
  const wc = (1 - tx) * ty;
  const we = tx * ty;
  // Weight colours by alpha so transparent neighbours do not darken edges.
  const aa = (d[a + 3] as number) * wa;
  const ab = (d[b + 3] as number) * wb;
  const ac = (d[c + 3] as number) * wc;
  const ae = (d[e + 3] as number) * we;
  const alpha = aa + ab + ac + ae;
  out[3] = alpha / 255;
  if (alpha <= 0) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    return;
  }
  for (let k = 0; k < 3; k += 1) {
    out[k] = ((d[a + k] as number) * aa + (d[b + k] as number) * ab + (d[c + k] as number) * ac + (d[e + k] as number) * ae) / alpha / 255;
  }
}

function clampIndex(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

function wrapIndex(i: number, n: number): number {
  return ((i % n) + n) % n;
}

const mipChains = new WeakMap<RgbaImage, RgbaImage[]>();

/** A halved copy of the image close to the output density, so downscaling does not alias. */
function mipLevelFor(img: RgbaImage, imagePixelsPerOutputPixel: number): { image: RgbaImage; factor: number } {
  let levels = 0;
  let ratio = imagePixelsPerOutputPixel;
  while (ratio >= 2 && img.width >> (levels + 1) >= 1 && img.height >> (levels + 1) >= 1) {
    ratio /= 2;
    levels += 1;
  }
  if (levels === 0) return { image: img, factor: 1 };
  let chain = mipChains.get(img);
  if (!chain) {
    chain = [img];
    mipChains.set(img, chain);
  }
  while (chain.length <= levels) chain.push(halveImage(chain[chain.length - 1] as RgbaImage));
  const image = chain[levels] as RgbaImage;
  return { image, factor: img.width / image.width };
}

function halveImage(src: RgbaImage): RgbaImage {
  const width = Math.max(1, src.width >> 1);
  const height = Math.max(1, src.height >> 1);
  const data = new Uint8ClampedArray(width * height * 4);
  const s = src.data;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const sx = Math.min(src.width - 1, x * 2);
      const sy = Math.min(src.height - 1, y * 2);
      const sx1 = Math.min(src.width - 1, sx + 1);
      const sy1 = Math.min(src.height - 1, sy + 1);
      const idx = [(sy * src.width + sx) * 4, (sy * src.width + sx1) * 4, (sy1 * src.width + sx) * 4, (sy1 * src.width + sx1) * 4];
      let alpha = 0;
      const acc = [0, 0, 0];
      for (const i of idx) {
        const a = s[i + 3] as number;
        alpha += a;
        for (let k = 0; k < 3; k += 1) acc[k] = (acc[k] as number) + (s[i + k] as number) * a;
      }
      const o = (y * width + x) * 4;
      for (let k = 0; k < 3; k += 1) data[o + k] = alpha > 0 ? (acc[k] as number) / alpha : 0;
      data[o + 3] = alpha / 4;
    }
  }
  return { width, height, data };
}
