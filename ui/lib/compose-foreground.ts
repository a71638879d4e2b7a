// Builds the foreground PICPIK receives: a transparent canvas with the area's aspect at output
// resolution, with each layer's exported pixels drawn where the layer sits in the area.
// Pure JS over typed arrays, so the exact pixel placement is testable outside a browser.
import type { RgbaImage } from './png';

export interface ForegroundLayer {
  rgba: Uint8Array;
  /** Pixel size of rgba. */
  width: number;
  height: number;
  /** Where those pixels sit, relative to the area's top-left corner, in canvas units. */
  box: { x: number; y: number; width: number; height: number };
}

export type ScaleFilter = 'bilinear' | 'nearest';

/**
 * Draws `layers` (bottom-most first) into a transparent `output` canvas that maps the whole area.
 * Parts of a layer outside the area are clipped. Bilinear sampling works on premultiplied
 * colour so transparent edges do not darken; layers are combined with the usual "over" rule.
 */
export function composeForeground(
  layers: readonly ForegroundLayer[],
  area: { width: number; height: number },
  output: { width: number; height: number },
  filter: ScaleFilter = 'bilinear',
): RgbaImage {
  const outW = output.width;
  const outH = output.height;
  const dest = new Uint8Array(outW * outH * 4);
  const sx = outW / area.width;
  const sy = outH / area.height;
  const sample = new Float64Array(4);
  for (const layer of layers) {
    if (layer.width <= 0 || layer.height <= 0 || layer.box.width <= 0 || layer.box.height <= 0) continue;
    if (layer.rgba.length < layer.width * layer.height * 4) throw new RangeError('layer pixels shorter than its size');
    const x0 = Math.max(0, Math.floor(layer.box.x * sx));
    const x1 = Math.min(outW, Math.ceil((layer.box.x + layer.box.width) * sx));
    const y0 = Math.max(0, Math.floor(layer.box.y * sy));
    const y1 = Math.min(outH, Math.ceil((layer.box.y + layer.box.height) * sy));
    const ux = layer.width / layer.box.width;
    const uy = layer.height / layer.box.height;
    const shift = pixelShiftOf(layer, sx, sy);
    if (shift) {
      copyShifted(dest, outW, layer, shift, x0, x1, y0, y1);
      continue;
    }
    for (let oy = y0; oy < y1; oy += 1) {
      const cy = (oy + 0.5) / sy - layer.box.y;
      if (cy < 0 || cy >= layer.box.height) continue;
      for (let ox = x0; ox < x1; ox += 1) {
        const cx = (ox + 0.5) / sx - layer.box.x;
        if (cx < 0 || cx >= layer.box.width) continue;
        if (filter === 'nearest') sampleNearest(layer, cx * ux, cy * uy, sample);
        else sampleBilinear(layer, cx * ux - 0.5, cy * uy - 0.5, sample);
        const alpha = sample[3] as number;
        if (alpha <= 0) continue;
        blendOver(dest, (oy * outW + ox) * 4, sample);
      }
    }
  }
  return { width: outW, height: outH, rgba: dest };
}

/**
 * The whole-pixel offset from output to layer pixels when the layer was exported at exactly the
 * output's scale and sits on the output's pixel grid (the usual case): sampling is then a plain
 * copy, and bilinear weights would all be 0 or 1.
 */
function pixelShiftOf(layer: ForegroundLayer, sx: number, sy: number): { dx: number; dy: number } | null {
  const dx = layer.box.x * sx;
  const dy = layer.box.y * sy;
  if (layer.width !== layer.box.width * sx || layer.height !== layer.box.height * sy) return null;
  return Number.isInteger(dx) && Number.isInteger(dy) ? { dx, dy } : null;
}

/** The layer's pixels over dest, output pixel (ox, oy) taking layer pixel (ox - dx, oy - dy). */
function copyShifted(dest: Uint8Array, outW: number, layer: ForegroundLayer, shift: { dx: number; dy: number }, x0: number, x1: number, y0: number, y1: number): void {
  const src = layer.rgba;
  const sample = new Float64Array(4);
  for (let oy = y0; oy < y1; oy += 1) {
    const ly = oy - shift.dy;
    if (ly < 0 || ly >= layer.height) continue;
    for (let ox = x0; ox < x1; ox += 1) {
      const lx = ox - shift.dx;
      if (lx < 0 || lx >= layer.width) continue;
      const i = (ly * layer.width + lx) * 4;
      const alpha = src[i + 3] as number;
      if (alpha === 0) continue;
      const o = (oy * outW + ox) * 4;
      if (dest[o + 3] === 0) {
        // Over an empty pixel, "over" is the source itself.
        dest[o] = src[i] as number;
        dest[o + 1] = src[i + 1] as number;
        dest[o + 2] = src[i + 2] as number;
        dest[o + 3] = alpha;
        continue;
      }
      const a = alpha / 255;
      sample[0] = (src[i] as number) * a;
      sample[1] = (src[i + 1] as number) * a;
      sample[2] = (src[i + 2] as number) * a;
      sample[3] = alpha;
      blendOver(dest, o, sample);
    }
  }
}

/** Writes the premultiplied RGBA (0..255 each) of the pixel under (u, v) into `out`. */
function sampleNearest(layer: ForegroundLayer, u: number, v: number, out: Float64Array): void {
  const x = Math.min(layer.width - 1, Math.max(0, Math.floor(u)));
  const y = Math.min(layer.height - 1, Math.max(0, Math.floor(v)));
  const i = (y * layer.width + x) * 4;
  const a = (layer.rgba[i + 3] as number) / 255;
  out[0] = (layer.rgba[i] as number) * a;
  out[1] = (layer.rgba[i + 1] as number) * a;
  out[2] = (layer.rgba[i + 2] as number) * a;
  out[3] = layer.rgba[i + 3] as number;
}

/** Bilinear premultiplied sample at pixel-centre coordinates (u, v), clamped to the edges. */
function sampleBilinear(layer: ForegroundLayer, u: number, v: number, out: Float64Array): void {
  const maxX = layer.width - 1;
  const maxY = layer.height - 1;
  const cu = Math.min(maxX, Math.max(0, u));
  const cv = Math.min(maxY, Math.max(0, v));
  const xa = Math.floor(cu);
  const ya = Math.floor(cv);
  const xb = Math.min(maxX, xa + 1);
  const yb = Math.min(maxY, ya + 1);
  const fx = cu - xa;
  const fy = cv - ya;
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  out[3] = 0;
  const add = (x: number, y: number, weight: number): void => {
    if (weight === 0) return;
    const i = (y * layer.width + x) * 4;
    const alpha = layer.rgba[i + 3] as number;
    const a = (alpha / 255) * weight;
    out[0] = (out[0] as number) + (layer.rgba[i] as number) * a;
    out[1] = (out[1] as number) + (layer.rgba[i + 1] as number) * a;
    out[2] = (out[2] as number) + (layer.rgba[i + 2] as number) * a;
    out[3] = (out[3] as number) + alpha * weight;
  };
  add(xa, ya, (1 - fx) * (1 - fy));
  add(xb, ya, fx * (1 - fy));
  add(xa, yb, (1 - fx) * fy);
  add(xb, yb, fx * fy);
}

/** dest (straight alpha) = premultiplied source over dest. */
function blendOver(dest: Uint8Array, i: number, src: Float64Array): void {
  const sa = (src[3] as number) / 255;
  const da = (dest[i + 3] as number) / 255;
  const outA = sa + da * (1 - sa);
  if (outA <= 0) return;
  for (let c = 0; c < 3; c += 1) {
    const premultiplied = (src[c] as number) + (dest[i + c] as number) * da * (1 - sa);
    dest[i + c] = Math.round(Math.min(255, premultiplied / outA));
  }
  dest[i + 3] = Math.round(outA * 255);
}
