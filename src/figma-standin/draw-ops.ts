// The rasterizer's display list (shapes with paints, strokes and shadows; layers with opacity
// and clip), where its pixels go, and the buffers and coverage functions it draws with.

import type { Affine, Box } from './affine.js';
import type { RgbaImage } from './image-codec.js';

export type ResolvedPaint =
  | { type: 'SOLID'; r: number; g: number; b: number; a: number }
  | {
      type: 'IMAGE';
      image: RgbaImage;
      scaleMode: 'FILL' | 'FIT' | 'CROP' | 'TILE';
      opacity: number;
      imageTransform?: Affine;
      scalingFactor?: number;
    };

export interface ShapeGeometry {
  shape: 'RECT' | 'ELLIPSE';
  /** Local (0..width, 0..height) -> page coordinates. */
  transform: Affine;
  width: number;
  height: number;
  cornerRadius: number;
}

export interface StrokeSpec {
  paints: ResolvedPaint[];
  /** Signed offsets of the stroke's edges from the shape's edge (outside positive), local units. */
  inner: number;
  outer: number;
}

export interface ShadowSpec {
  r: number;
  g: number;
  b: number;
  a: number;
  /** Offset in the shape's local units. */
  dx: number;
  dy: number;
  /** Figma's blur radius: a Gaussian with sigma = radius / 2. */
  radius: number;
  spread: number;
}

export type DrawOp =
  | ({ kind: 'shape'; paints: ResolvedPaint[]; opacity: number; stroke?: StrokeSpec; shadows?: ShadowSpec[] } & ShapeGeometry)
  | { kind: 'layer'; opacity: number; clip: ShapeGeometry | null; children: DrawOp[] };

/** Where the output pixels sit on the page: pixel (0, 0) is the region's top-left corner. */
export interface RenderTarget {
  region: Box;
  pixelWidth: number;
  pixelHeight: number;
}

export interface Canvas {
  width: number;
  height: number;
  /** Premultiplied RGBA floats 0..1. */
  px: Float32Array;
}

export interface CoverageFn {
  /** Coverage 0..1 of the output pixel whose centre is at (cx, cy) in pixel space. */
  at(cx: number, cy: number): number;
  /** The same, given the point already in the shape's local units. */
  atLocal(u: number, v: number): number;
  /** Pixel-space bounds outside which coverage is 0. */
  bounds: { x0: number; y0: number; x1: number; y1: number };
}
