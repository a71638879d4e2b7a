// What a paint puts at a point of a shape: a solid colour, or an image placed by its scale mode
// (FILL, FIT, CROP with its transform, TILE), sampled bilinearly from a mip level near the
// output density so downscaled images do not alias.

import { type Affine, applyAffine } from './affine.js';
import type { ResolvedPaint } from './draw-ops.js';
import type { RgbaImage } from './image-codec.js';

export type Sampler = (u: number, v: number, acc: Float32Array) => void;

/** Source-over of a premultiplied colour onto the accumulator. */
function over(acc: Float32Array, r: number, g: number, b: number, a: number): void {
  const keep = 1 - a;
  acc[0] = r + (acc[0] as number) * keep;
  acc[1] = g + (acc[1] as number) * keep;
  acc[2] = b + (acc[2] as number) * keep;
  acc[3] = a + (acc[3] as number) * keep;
}

export function paintSampler(paint: ResolvedPaint, width: number, height: number, pixelToLocal: Affine): Sampler {
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
  const d = img.rgba;
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
  const s = src.rgba;
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
  return { width, height, rgba: data };
}
