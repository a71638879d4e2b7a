// Paints a seeded product-shot backdrop into raw RGB pixels: a wall gradient with a soft light,
// a floor plane meeting it at a horizon, a scene texture, grain and a vignette.
import sharp from 'sharp';
import { createSeededRandom, type RandomSource } from './seeded-random';
import { mixRgb, type Rgb, type ScenePalette } from './scene-palette';

interface RawRgbImage {
  width: number;
  height: number;
  /** width * height * 3 bytes, row-major RGB. */
  pixels: Uint8Array;
}

type Noise2d = (u: number, v: number) => number;

/** Smooth value noise on a wrapping lattice of `cells` x `cells`, answering in [0, 1]. */
function createValueNoise(random: RandomSource, cells: number): Noise2d {
  const lattice = new Float32Array(cells * cells);
  for (let i = 0; i < lattice.length; i++) lattice[i] = random();
  return (u, v) => {
    const x = u * cells;
    const y = v * cells;
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    const fx = x - xi;
    const fy = y - yi;
    const sx = fx * fx * (3 - 2 * fx);
    const sy = fy * fy * (3 - 2 * fy);
    const x0 = ((xi % cells) + cells) % cells;
    const y0 = ((yi % cells) + cells) % cells;
    const x1 = (x0 + 1) % cells;
    const y1 = (y0 + 1) % cells;
    const a = lattice[y0 * cells + x0] as number;
    const b = lattice[y0 * cells + x1] as number;
    const c = lattice[y1 * cells + x0] as number;
    const d = lattice[y1 * cells + x1] as number;
    const top = a + (b - a) * sx;
    const bottom = c + (d - c) * sx;
    return top + (bottom - top) * sy;
  };
}

/** Per-pixel hash in [0, 1) for fine grain; integer arithmetic so it is identical everywhere. */
function pixelHash(x: number, y: number, seed: number): number {
  let h = Math.imul(x, 374761393) ^ Math.imul(y, 668265263) ^ Math.imul(seed, 2246822519);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

const clampByte = (value: number): number => (value < 0 ? 0 : value > 255 ? 255 : Math.round(value));
const smoothstep = (edge0: number, edge1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
};

/** Slightly shifts a colour per seed, so each seed of the same prompt looks like a new take. */
function jitterColour(rgb: Rgb, random: RandomSource, amount: number): Rgb {
  const light = 1 + (random() - 0.5) * amount;
  return [rgb[0] * light * (1 + (random() - 0.5) * amount * 0.5), rgb[1] * light, rgb[2] * light * (1 + (random() - 0.5) * amount * 0.5)];
}

/** Longest side the scene is painted at; larger outputs are upscaled (the scene is smooth) and grained. */
const PAINT_MAX_SIDE = 640;

/**
 * Renders the backdrop for one seed at width x height. Same inputs give the same bytes. The
 * scene is painted at most PAINT_MAX_SIDE pixels wide, upscaled, then given full-size grain.
 */
export async function renderBackgroundAsync(width: number, height: number, seed: number, palette: ScenePalette): Promise<RawRgbImage> {
  const scale = Math.min(1, PAINT_MAX_SIDE / Math.max(width, height));
  const paintWidth = Math.max(1, Math.round(width * scale));
  const paintHeight = Math.max(1, Math.round(height * scale));
  const painted = paintScene(paintWidth, paintHeight, seed, palette);
  const pixels =
    scale === 1
      ? painted.pixels
      : new Uint8Array(
          await sharp(painted.pixels, { raw: { width: paintWidth, height: paintHeight, channels: 3 } })
            .resize(width, height, { fit: 'fill', kernel: 'cubic' })
            .raw()
            .toBuffer(),
        );
  addGrain(pixels, width, height, painted.grainSeed);
  return { width, height, pixels };
}

/** Film-like grain, +-1.5 levels per pixel, so flat areas do not band. */
function addGrain(pixels: Uint8Array, width: number, height: number, grainSeed: number): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const grain = (pixelHash(x, y, grainSeed) - 0.5) * 3;
      const o = (y * width + x) * 3;
      pixels[o] = clampByte((pixels[o] as number) + grain);
      pixels[o + 1] = clampByte((pixels[o + 1] as number) + grain);
      pixels[o + 2] = clampByte((pixels[o + 2] as number) + grain);
    }
  }
}

function paintScene(width: number, height: number, seed: number, palette: ScenePalette): RawRgbImage & { grainSeed: number } {
  const random = createSeededRandom(seed);
  const wallTop = jitterColour(palette.wallTop, random, 0.1);
  const wallBottom = jitterColour(palette.wallBottom, random, 0.08);
  const floorFar = jitterColour(palette.floorFar, random, 0.08);
  const floorNear = jitterColour(palette.floorNear, random, 0.1);
  const glow = palette.glow;
  const horizon = Math.min(0.9, Math.max(0.3, palette.horizon + (random() - 0.5) * 0.08));
  const softness = Math.max(0.002, palette.horizonSoftness);
  const glowX = 0.25 + random() * 0.5;
  const glowY = horizon * (0.35 + random() * 0.3);
  const glowRadius = 0.28 + random() * 0.2;
  const aspect = width / height;
  const coarse = createValueNoise(random, 6);
  const medium = createValueNoise(random, 17);
  const fine = createValueNoise(random, 61);
  const phase = random() * Math.PI * 2;
  const neonLines = [0.18 + random() * 0.2, 0.45 + random() * 0.25].map((y) => y * horizon);
  const neonColumn = 0.15 + random() * 0.7;
  const grainSeed = Math.floor(random() * 2147483647);
  const strength = palette.textureStrength;

  const pixels = new Uint8Array(width * height * 3);
  // Terms that depend on one axis only are computed once per row or column.
  const wallRow: Rgb[] = [];
  const glowRow = new Float64Array(height);
  const neonRow = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    const v = (y + 0.5) / height;
    wallRow.push(mixRgb(wallTop, wallBottom, Math.min(1, v / horizon)));
    glowRow[y] = Math.exp(-((v - glowY) ** 2) / (glowRadius * glowRadius));
    let tube = 0;
    for (const lineY of neonLines) tube += Math.exp(-(((v - lineY) / 0.004) ** 2)) + 0.35 * Math.exp(-(((v - lineY) / 0.03) ** 2));
    neonRow[y] = tube;
  }
  const glowColumn = new Float64Array(width);
  const neonColumnGlow = new Float64Array(width);
  const reflectionColumn = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const u = (x + 0.5) / width;
    glowColumn[x] = Math.exp(-(((u - glowX) * aspect) ** 2) / (glowRadius * glowRadius));
    const du = (u - neonColumn) * aspect;
    neonColumnGlow[x] = Math.exp(-((du / 0.003) ** 2)) + 0.3 * Math.exp(-((du / 0.025) ** 2));
    reflectionColumn[x] = Math.exp(-((((u - glowX) * aspect) / 0.2) ** 2));
  }

  for (let y = 0; y < height; y++) {
    const v = (y + 0.5) / height;
    const wall = wallRow[y] as Rgb;
    const depth = v > horizon ? (v - horizon) / (1 - horizon) : 0;
    const floor = mixRgb(floorFar, floorNear, Math.pow(depth, 0.8));
    const floorShare = smoothstep(horizon - softness, horizon + softness, v);
    // A faint contact line where a hard horizon meets the wall makes the floor read as a surface.
    const horizonShade = softness < 0.03 ? 1 - 0.06 * Math.exp(-(((v - horizon) / 0.006) ** 2)) : 1;
    const vy = v - 0.5;
    for (let x = 0; x < width; x++) {
      const u = (x + 0.5) / width;
      let r = wall[0] + (floor[0] - wall[0]) * floorShare;
      let g = wall[1] + (floor[1] - wall[1]) * floorShare;
      let b = wall[2] + (floor[2] - wall[2]) * floorShare;

      // Soft key light on the wall (and its dimmer spill on the floor).
      const light = palette.glowStrength * (glowColumn[x] as number) * (glowRow[y] as number) * (1 - 0.6 * floorShare);
      r += (glow[0] - r) * light;
      g += (glow[1] - g) * light;
      b += (glow[2] - b) * light;

      let shade = horizonShade;
      switch (palette.texture) {
        case 'marble': {
          const n = coarse(u * aspect * 0.8, v * 0.8) * 2 + medium(u * aspect, v) * 0.8;
          const vein = Math.abs(Math.sin((u * aspect * 2.2 + v * 1.3) * Math.PI + n * 1.3 + phase));
          const p2 = (1 - vein) * (1 - vein);
          const p8 = p2 * p2 * p2 * p2;
          shade *= 1 - strength * 0.16 * p8 * p2 - strength * 0.04 * (1 - n / 2.8);
          break;
        }
        case 'wood': {
          if (floorShare > 0) {
            const spread = (u - 0.5) * aspect / (0.25 + depth);
            const grain = Math.sin(spread * 38 + medium(u * 2, v * 0.5) * 5 + phase);
            const plank = Math.abs(Math.sin(spread * 3.2 + phase)) < 0.04 ? 0.82 : 1;
            shade *= 1 - floorShare * strength * (0.07 * (grain * 0.5 + 0.5) + (1 - plank));
          }
          break;
        }
        case 'sand': {
          if (floorShare > 0) {
            const ripple = Math.sin(v * 220 / (0.2 + depth) + medium(u * 3, v) * 6);
            shade *= 1 - floorShare * strength * (0.03 * ripple + 0.05 * pixelHash(x, y, grainSeed));
          }
          break;
        }
        case 'foliage': {
          const leaves = coarse(u * aspect * 1.3 + v * 0.4, v * 1.3 - u * 0.3) * 0.55 + medium(u * aspect * 1.7 - v * 0.5, v * 1.7 + u * 0.5) * 0.3 + fine(u * aspect, v) * 0.15;
          shade *= 1 - (1 - floorShare) * strength * 0.35 * smoothstep(0.25, 0.85, leaves) + strength * 0.12 * (leaves - 0.5);
          break;
        }
        case 'concrete': {
          const blotch = coarse(u * aspect * 2, v * 2) * 0.5 + fine(u * aspect, v) * 0.5;
          shade *= 1 - strength * (0.08 * (blotch - 0.5) + 0.07 * (pixelHash(x, y, grainSeed) - 0.5));
          break;
        }
        case 'clouds': {
          const cloud = smoothstep(0.45, 0.8, coarse(u * aspect, v * 1.5) * 0.65 + medium(u * aspect, v * 1.5) * 0.35);
          const amount = cloud * strength * (1 - floorShare) * 0.8;
          r += (255 - r) * amount;
          g += (255 - g) * amount;
          b += (255 - b) * amount;
          break;
        }
        case 'neon': {
          const tube = neonRow[y] as number;
          const column = neonColumnGlow[x] as number;
          const wallOnly = 1 - floorShare;
          const pinkAmount = Math.min(1, tube * wallOnly * strength * 1.4);
          const cyanAmount = Math.min(1, column * wallOnly * (v < horizon ? 1 : 0) * strength * 1.4);
          r += (255 - r) * pinkAmount * 0.9 + (0 - r) * cyanAmount * 0.5;
          g += (43 - g) * pinkAmount * 0.7 + (229 - g) * cyanAmount;
          b += (214 - b) * pinkAmount + (255 - b) * cyanAmount;
          // Reflection of the key light on a glossy floor.
          const reflection = floorShare * (reflectionColumn[x] as number) * (1 - depth) * 0.35;
          r += (glow[0] - r) * reflection;
          g += (glow[1] - g) * reflection;
          b += (glow[2] - b) * reflection;
          break;
        }
        default:
          break;
      }

      const vx = u - 0.5;
      const vignette = 1 - palette.vignette * (vx * vx + vy * vy) * 1.6;
      const factor = shade * vignette;
      const offset = (y * width + x) * 3;
      pixels[offset] = clampByte(r * factor);
      pixels[offset + 1] = clampByte(g * factor);
      pixels[offset + 2] = clampByte(b * factor);
    }
  }
  return { width, height, pixels, grainSeed };
}
