// Mask geometry for the emulator's cut-out and fill: distances to the nearest pixel outside a
// region (for erosion and dilation by a radius), the part of a region reachable from its border,
// and a Gaussian blur of a one-channel mask.
import sharp from 'sharp';

/** A one-channel 8-bit mask blurred with a Gaussian of `sigma` pixels (libvips; at least 0.3). */
export async function blurMaskAsync(mask: Uint8Array, width: number, height: number, sigma: number): Promise<Uint8Array> {
  // sharp widens a one-channel raw input to sRGB; the first channel is the blurred mask.
  const { data, info } = await sharp(mask, { raw: { width, height, channels: 1 } })
    .blur(Math.max(0.3, sigma))
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels === 1) return data;
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * info.channels] as number;
  return out;
}

/**
 * For each pixel inside `region` (non-zero), its chamfer distance (3-4 weights, so about Euclidean)
 * to the nearest pixel outside, in pixels; 0 outside. The image edge counts as outside only when
 * `edgeIsOutside`. Two passes, O(pixels).
 */
function distanceToOutside(region: Uint8Array, width: number, height: number, edgeIsOutside = false): Float32Array {
  const far = 1e9;
  const edge = edgeIsOutside ? 0 : far;
  const d = new Float32Array(width * height);
  for (let i = 0; i < d.length; i++) d[i] = region[i] ? far : 0;
  // Forward pass: left, up, up-left, up-right; backward pass: the mirror. Outside the image = edge.
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let best = d[i] as number;
      if (best === 0) continue;
      const left = x > 0 ? (d[i - 1] as number) : edge;
      const up = y > 0 ? (d[i - width] as number) : edge;
      const upLeft = x > 0 && y > 0 ? (d[i - width - 1] as number) : edge;
      const upRight = x < width - 1 && y > 0 ? (d[i - width + 1] as number) : edge;
      best = Math.min(best, left + 3, up + 3, upLeft + 4, upRight + 4);
      d[i] = best;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      let best = d[i] as number;
      if (best === 0) continue;
      const right = x < width - 1 ? (d[i + 1] as number) : edge;
      const down = y < height - 1 ? (d[i + width] as number) : edge;
      const downRight = x < width - 1 && y < height - 1 ? (d[i + width + 1] as number) : edge;
      const downLeft = x > 0 && y < height - 1 ? (d[i + width - 1] as number) : edge;
      best = Math.min(best, right + 3, down + 3, downRight + 4, downLeft + 4);
      d[i] = best;
    }
  }
  for (let i = 0; i < d.length; i++) d[i] = (d[i] as number) / 3;
  return d;
}

/** The region shrunk by `radius` pixels (a disc); radius 0 returns a copy. */
export function erode(region: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  if (radius <= 0) return region.slice();
  const distance = distanceToOutside(region, width, height);
  const out = new Uint8Array(region.length);
  for (let i = 0; i < out.length; i++) out[i] = (distance[i] as number) > radius ? 1 : 0;
  return out;
}

/** The region grown by `radius` pixels (a disc). */
export function dilate(region: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  if (radius <= 0) return region.slice();
  const outside = new Uint8Array(region.length);
  for (let i = 0; i < outside.length; i++) outside[i] = region[i] ? 0 : 1;
  const shrunk = erode(outside, width, height, radius);
  for (let i = 0; i < shrunk.length; i++) shrunk[i] = shrunk[i] ? 0 : 1;
  return shrunk;
}

/** Pixels of `passable` connected (4-neighbours) to the image border through passable pixels. */
export function reachableFromBorder(passable: Uint8Array, width: number, height: number): Uint8Array {
  const reached = new Uint8Array(passable.length);
  const queue = new Int32Array(passable.length);
  let head = 0;
  let tail = 0;
  const visit = (i: number) => {
    if (passable[i] && !reached[i]) {
      reached[i] = 1;
      queue[tail++] = i;
    }
  };
  for (let x = 0; x < width; x++) {
    visit(x);
    visit((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    visit(y * width);
    visit(y * width + width - 1);
  }
  while (head < tail) {
    const i = queue[head++] as number;
    const x = i % width;
    if (x > 0) visit(i - 1);
    if (x < width - 1) visit(i + 1);
    if (i >= width) visit(i - width);
    if (i < passable.length - width) visit(i + width);
  }
  return reached;
}
