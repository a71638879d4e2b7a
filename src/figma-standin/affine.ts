// 2x3 affine transforms in Figma's layout ([[m00, m01, m02], [m10, m11, m12]]) and the box maths
// the stand-in needs: composing, inverting, rotating about the top-left and bounding rotated rects.
import { unionOfRects } from '../contract/rect-union.js';

export type Affine = [[number, number, number], [number, number, number]];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function identityAffine(): Affine {
  return [
    [1, 0, 0],
    [0, 1, 0],
  ];
}

export function translationAffine(x: number, y: number): Affine {
  return [
    [1, 0, x],
    [0, 1, y],
  ];
}

/** a then b is `multiplyAffine(b, a)`: the result maps p to b(a(p)). */
export function multiplyAffine(a: Affine, b: Affine): Affine {
  const [[a00, a01, a02], [a10, a11, a12]] = a;
  const [[b00, b01, b02], [b10, b11, b12]] = b;
  return [
    [a00 * b00 + a01 * b10, a00 * b01 + a01 * b11, a00 * b02 + a01 * b12 + a02],
    [a10 * b00 + a11 * b10, a10 * b01 + a11 * b11, a10 * b02 + a11 * b12 + a12],
  ];
}

export function invertAffine(m: Affine): Affine {
  const [[a, b, c], [d, e, f]] = m;
  const det = a * e - b * d;
  if (det === 0) throw new Error('Transform is not invertible');
  return [
    [e / det, -b / det, (b * f - c * e) / det],
    [-d / det, a / det, (c * d - a * f) / det],
  ];
}

export function applyAffine(m: Affine, x: number, y: number): { x: number; y: number } {
  return { x: m[0][0] * x + m[0][1] * y + m[0][2], y: m[1][0] * x + m[1][1] * y + m[1][2] };
}

export function cloneAffine(m: Affine): Affine {
  return [
    [m[0][0], m[0][1], m[0][2]],
    [m[1][0], m[1][1], m[1][2]],
  ];
}

/** Figma's rotation: degrees, counter-clockwise on screen, `atan2(-m10, m00)`. */
export function rotationOfAffine(m: Affine): number {
  return cleanZero((Math.atan2(-m[1][0], m[0][0]) * 180) / Math.PI);
}

/** The linear part of a rotation by `degrees` (Figma's sign), keeping the translation of `m`. */
export function withRotation(m: Affine, degrees: number): Affine {
  const r = (degrees * Math.PI) / 180;
  const cos = cleanZero(Math.cos(r));
  const sin = cleanZero(Math.sin(r));
  return [
    [cos, sin, m[0][2]],
    [-sin, cos, m[1][2]],
  ];
}

/** Axis-aligned bounds of the rect (0, 0, width, height) after `m`. */
export function boundsOfTransformedRect(m: Affine, width: number, height: number): Box {
  const corners = [applyAffine(m, 0, 0), applyAffine(m, width, 0), applyAffine(m, 0, height), applyAffine(m, width, height)];
  return boxAround(corners.map((p) => ({ x: p.x, y: p.y, width: 0, height: 0 })));
}

export function unionBoxes(boxes: readonly Box[]): Box | null {
  return boxes.length === 0 ? null : boxAround(boxes);
}

function boxAround(boxes: readonly Box[]): Box {
  const union = unionOfRects(boxes) as Box; // callers pass at least one box
  return { x: cleanRound(union.x), y: cleanRound(union.y), width: cleanRound(union.width), height: cleanRound(union.height) };
}

function cleanZero(v: number): number {
  return Math.abs(v) < 1e-12 ? 0 : v;
}

/** Trims floating-point dust (1e-13) so 90-degree rotations report whole numbers. */
function cleanRound(v: number): number {
  const r = Math.round(v * 1e9) / 1e9;
  return r === 0 ? 0 : r;
}
