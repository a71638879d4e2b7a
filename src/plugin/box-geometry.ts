// Small geometry on axis-aligned boxes and Figma's 2x3 affine transforms.
import type { Box } from '../protocol/shapes';

export function boxesIntersect(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function toBox(rect: { x: number; y: number; width: number; height: number }): Box {
  return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
}

/** Inverse of an affine [[a, c, e], [b, d, f]] transform. */
export function invertTransform(m: Transform): Transform {
  const a = m[0][0];
  const c = m[0][1];
  const e = m[0][2];
  const b = m[1][0];
  const d = m[1][1];
  const f = m[1][2];
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12) throw new RangeError('transform is not invertible');
  return [
    [d / det, -c / det, (c * f - d * e) / det],
    [-b / det, a / det, (b * e - a * f) / det],
  ];
}

export function multiplyTransforms(m: Transform, n: Transform): Transform {
  return [
    [m[0][0] * n[0][0] + m[0][1] * n[1][0], m[0][0] * n[0][1] + m[0][1] * n[1][1], m[0][0] * n[0][2] + m[0][1] * n[1][2] + m[0][2]],
    [m[1][0] * n[0][0] + m[1][1] * n[1][0], m[1][0] * n[0][1] + m[1][1] * n[1][1], m[1][0] * n[0][2] + m[1][1] * n[1][2] + m[1][2]],
  ];
}

/**
 * The relativeTransform that puts an unrotated node's top-left at (box.x, box.y) in page
 * coordinates, given the absoluteTransform of the space its x/y are measured in.
 */
export function relativeTransformForPageBox(box: Box, containerAbsolute: Transform): Transform {
  return multiplyTransforms(invertTransform(containerAbsolute), [
    [1, 0, box.x],
    [0, 1, box.y],
  ]);
}
