// Fills holes in an image from the pixels around them with a push-pull pyramid: known pixels are
// averaged down to coarser levels until every cell has a value, then holes take the bilinear
// upsampling of the level below. Smooth, deterministic and O(pixels), so a 1024 x 1024 fill costs
// tens of milliseconds. (The approach of Gortler et al., "The Lumigraph", 1996.)

interface Level {
  width: number;
  height: number;
  /** `channels` floats per pixel. */
  colour: Float32Array;
  /** 0..1: how much of the cell is known. */
  weight: Float32Array;
}

function pushDown(fine: Level, channels: number): Level {
  const width = Math.max(1, Math.ceil(fine.width / 2));
  const height = Math.max(1, Math.ceil(fine.height / 2));
  const colour = new Float32Array(width * height * channels);
  const weight = new Float32Array(width * height);
  for (let y = 0; y < fine.height; y++) {
    for (let x = 0; x < fine.width; x++) {
      const w = fine.weight[y * fine.width + x] as number;
      if (w === 0) continue;
      const coarse = (y >> 1) * width + (x >> 1);
      weight[coarse] = (weight[coarse] as number) + w;
      for (let c = 0; c < channels; c++) {
        const o = coarse * channels + c;
        colour[o] = (colour[o] as number) + w * (fine.colour[(y * fine.width + x) * channels + c] as number);
      }
    }
  }
  for (let i = 0; i < weight.length; i++) {
    const w = weight[i] as number;
    if (w === 0) continue;
    for (let c = 0; c < channels; c++) colour[i * channels + c] = (colour[i * channels + c] as number) / w;
    weight[i] = Math.min(1, w);
  }
  return { width, height, colour, weight };
}

/** Blends each cell of `fine` that is not fully known with the bilinear sample of `coarse`. */
function pullUp(fine: Level, coarse: Level, channels: number): void {
  for (let y = 0; y < fine.height; y++) {
    const cy = Math.min(coarse.height - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
    const y0 = Math.floor(cy);
    const y1 = Math.min(coarse.height - 1, y0 + 1);
    const fy = cy - y0;
    for (let x = 0; x < fine.width; x++) {
      const i = y * fine.width + x;
      const w = fine.weight[i] as number;
      if (w >= 1) continue;
      const cx = Math.min(coarse.width - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
      const x0 = Math.floor(cx);
      const x1 = Math.min(coarse.width - 1, x0 + 1);
      const fx = cx - x0;
      const a = (y0 * coarse.width + x0) * channels;
      const b = (y0 * coarse.width + x1) * channels;
      const d = (y1 * coarse.width + x0) * channels;
      const e = (y1 * coarse.width + x1) * channels;
      const cc = coarse.colour;
      for (let c = 0; c < channels; c++) {
        const top = (cc[a + c] as number) * (1 - fx) + (cc[b + c] as number) * fx;
        const bottom = (cc[d + c] as number) * (1 - fx) + (cc[e + c] as number) * fx;
        const o = i * channels + c;
        fine.colour[o] = w * (fine.colour[o] as number) + (1 - w) * (top * (1 - fy) + bottom * fy);
      }
      fine.weight[i] = 1;
    }
  }
}

/**
 * Returns `pixels` (8-bit, `channels` per pixel) with every pixel where `hole` is non-zero replaced
 * by a smooth fill from the known pixels. Returns a copy unchanged when nothing is known.
 */
export function pushPullFill(pixels: Uint8Array, width: number, height: number, channels: number, hole: Uint8Array): Uint8Array {
  const base: Level = { width, height, colour: new Float32Array(pixels.length), weight: new Float32Array(width * height) };
  let known = 0;
  for (let i = 0; i < width * height; i++) {
    if (hole[i]) continue;
    known++;
    base.weight[i] = 1;
    for (let c = 0; c < channels; c++) base.colour[i * channels + c] = pixels[i * channels + c] as number;
  }
  if (known === 0) return pixels.slice();
  const levels: Level[] = [base];
  for (let level = base; level.width > 1 || level.height > 1; ) {
    level = pushDown(level, channels);
    levels.push(level);
  }
  for (let l = levels.length - 2; l >= 0; l--) pullUp(levels[l] as Level, levels[l + 1] as Level, channels);
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(Math.min(255, Math.max(0, base.colour[i] as number)));
  return out;
}
