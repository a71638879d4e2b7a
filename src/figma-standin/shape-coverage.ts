// Anti-aliased coverage of a (rounded) rect or ellipse under any affine transform, from its
// signed distance field: what fills, strokes, shadows and clips are drawn through.

import { type Affine, boundsOfTransformedRect, invertAffine, multiplyAffine } from './affine.js';
import type { CoverageFn, ShapeGeometry } from './draw-ops.js';

function coverageFromDistance(pixels: number): number {
  const c = 0.5 - pixels;
  return c <= 0 ? 0 : c >= 1 ? 1 : c;
}

/** Anti-aliased coverage from a signed distance (local units, negative inside). */
export function shapeCoverage(g: ShapeGeometry, pageToPixel: Affine, canvas: { width: number; height: number }, grow = 0): CoverageFn {
  const localToPixel = multiplyAffine(pageToPixel, g.transform);
  const pixelToLocal = invertAffine(localToPixel);
  // Local units per pixel, for turning distances into pixel fractions.
  const unitsPerPixel = Math.sqrt(Math.abs(pixelToLocal[0][0] * pixelToLocal[1][1] - pixelToLocal[0][1] * pixelToLocal[1][0]));
  const pixelsPerUnit = 1 / unitsPerPixel;
  const [[i00, i01, i02], [i10, i11, i12]] = pixelToLocal;
  const reach = Math.max(0, grow);
  const box = boundsOfTransformedRect(multiplyAffine(localToPixel, [[1, 0, -reach], [0, 1, -reach]]), g.width + 2 * reach, g.height + 2 * reach);
  const bounds = {
    x0: Math.max(0, Math.floor(box.x) - 1),
    y0: Math.max(0, Math.floor(box.y) - 1),
    x1: Math.min(canvas.width, Math.ceil(box.x + box.width) + 1),
    y1: Math.min(canvas.height, Math.ceil(box.y + box.height) + 1),
  };
  const hw = g.width / 2;
  const hh = g.height / 2;
  const radius = Math.min(g.cornerRadius, hw, hh);
  const distance =
    g.shape === 'ELLIPSE'
      ? (u: number, v: number): number => {
          const dx = (u - hw) / hw;
          const dy = (v - hh) / hh;
          const k = Math.sqrt(dx * dx + dy * dy);
          if (k === 0) return -Math.min(hw, hh);
          const gx = dx / hw;
          const gy = dy / hh;
          const grad = Math.sqrt(gx * gx + gy * gy) / k;
          return (k - 1) / grad;
        }
      : (u: number, v: number): number => {
          const qx = Math.abs(u - hw) - (hw - radius);
          const qy = Math.abs(v - hh) - (hh - radius);
          const outside = Math.sqrt(Math.max(qx, 0) ** 2 + Math.max(qy, 0) ** 2);
          return outside + Math.min(Math.max(qx, qy), 0) - radius;
        };
  return {
    bounds,
    at(cx, cy) {
      const u = i00 * cx + i01 * cy + i02;
      const v = i10 * cx + i11 * cy + i12;
      return coverageFromDistance((distance(u, v) - grow) * pixelsPerUnit);
    },
    atLocal(u, v) {
      return coverageFromDistance((distance(u, v) - grow) * pixelsPerUnit);
    },
  };
}
