// Pure-JS rasterizer over RGBA buffers for the stand-in's exports and the playground canvas: solid
// and image paints on (rounded) rects and ellipses, any affine transform, clipping, group opacity.
// The display list is in draw-ops.ts; coverage, shadows and paint sampling have their own modules.

import { type Affine, invertAffine, multiplyAffine } from './affine.js';
import type { Canvas, CoverageFn, DrawOp, RenderTarget, ResolvedPaint } from './draw-ops.js';
import { drawShadow } from './drop-shadow.js';
import type { RgbaImage } from './image-codec.js';
import { paintSampler } from './paint-sampler.js';
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
  return { width: canvas.width, height: canvas.height, rgba: data };
}
