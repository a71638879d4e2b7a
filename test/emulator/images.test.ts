// Result images over HTTP, decoded with sharp: exact size, determinism by seed, the ResizeMode
// rectangle with foreground pixels intact, prompt influence, reference blending and metadata.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { fitForegroundRect, type ResizeMode } from '../../src/contract/resize-mode';
import { readPngTextChunks } from '../../src/emulator/png-text-chunk';
import {
  decodeRgbAsync,
  downloadAsync,
  generateParams,
  makeForegroundPngAsync,
  makeSolidForegroundPngAsync,
  patternColour,
  startTestEmulatorAsync,
  toDataUrl,
  waitForTasksAsync,
  type TestEmulator,
} from './emulator-fixture';

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulatorAsync({ queueMs: 0, runMs: 0 });
});
afterAll(async () => emulator.closeAsync());

/** Submits, waits, downloads all images of one task. */
async function generateAsync(params: Record<string, unknown>): Promise<{ images: Buffer[]; seed: number }> {
  const { TaskUID } = await emulator.client.generateBackgroundsAsync(params as never);
  const detail = (await waitForTasksAsync(emulator.client, [TaskUID])).get(TaskUID);
  if (detail?.Status !== 'Finished') throw new Error(`task ended ${detail?.Status}: ${detail?.ErrorMassage}`);
  return { images: await Promise.all(detail.ImgList.map(downloadAsync)), seed: detail.Seed as number };
}

async function meanColourAsync(png: Buffer): Promise<[number, number, number]> {
  const { channels } = await sharp(png).stats();
  return [channels[0]?.mean ?? 0, channels[1]?.mean ?? 0, channels[2]?.mean ?? 0];
}

const colourDistance = (a: readonly number[], b: readonly number[]) => Math.hypot(...a.map((v, i) => v - (b[i] ?? 0)));

describe('size, batch and seed', () => {
  it('makes BatchSize PNGs of exactly Width x Height, labelled as the emulator', async () => {
    const foreground = await makeForegroundPngAsync(50, 70);
    const { images } = await generateAsync(generateParams(foreground, { Width: 333, Height: 197, BatchSize: 3, Seed: 11 }));
    expect(images).toHaveLength(3);
    for (const png of images) {
      const meta = await sharp(png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 333, 197]);
      expect(readPngTextChunks(png)['Software']).toBe('Backdrop PICPIK emulator');
    }
    expect(images[0]?.equals(images[1] as Buffer)).toBe(false);
  });

  it('gives byte-identical images for the same Seed and parameters, and image i uses seed + i', async () => {
    const foreground = await makeForegroundPngAsync(40, 40);
    const params = generateParams(foreground, { Width: 160, Height: 120, PositivePrompts: ['marble', 'gold'], BatchSize: 2, Seed: 1234 });
    const first = await generateAsync(params);
    const second = await generateAsync(params);
    expect(first.images[0]?.equals(second.images[0] as Buffer)).toBe(true);
    expect(first.images[1]?.equals(second.images[1] as Buffer)).toBe(true);
    const next = await generateAsync({ ...params, Seed: 1235, BatchSize: 1 });
    expect(next.images[0]?.equals(first.images[1] as Buffer)).toBe(true);
    const other = await generateAsync({ ...params, Seed: 99, BatchSize: 1 });
    expect(other.images[0]?.equals(first.images[0] as Buffer)).toBe(false);
  });

  it('picks a random seed for Seed -1 and reports it, reproducing the image with that seed', async () => {
    const foreground = await makeForegroundPngAsync(40, 40);
    const params = generateParams(foreground, { Width: 96, Height: 96, Seed: -1 });
    const random = await generateAsync(params);
    expect(random.seed).toBeGreaterThanOrEqual(0);
    expect(random.seed).toBeLessThanOrEqual(2147483647);
    const again = await generateAsync({ ...params, Seed: random.seed });
    expect(again.images[0]?.equals(random.images[0] as Buffer)).toBe(true);
  });
});

describe('ResizeMode places the foreground where the contract says, pixels intact', () => {
  /** Checks every opaque foreground pixel (pattern colour) appears unchanged at rect offset. */
  async function expectExactPlacementAsync(mode: ResizeMode, fg: { width: number; height: number }, out: { width: number; height: number }) {
    const margin = 6;
    const foreground = await makeForegroundPngAsync(fg.width, fg.height, margin);
    const rect = fitForegroundRect(mode, fg, out);
    expect([rect.width, rect.height]).toEqual([fg.width, fg.height]); // scale 1 by construction
    const { images } = await generateAsync(generateParams(foreground, { Width: out.width, Height: out.height, Seed: 5, PositivePrompts: ['neon'], TransparentForeground: { ImageIndex: 0, ResizeMode: mode } }));
    const { data, width, height } = await decodeRgbAsync(images[0] as Buffer);
    expect([width, height]).toEqual([out.width, out.height]);
    let checked = 0;
    let mismatches = 0;
    for (let y = margin; y < fg.height - margin; y++) {
      for (let x = margin; x < fg.width - margin; x++) {
        const ox = x + rect.x;
        const oy = y + rect.y;
        if (ox < 0 || oy < 0 || ox >= out.width || oy >= out.height) continue;
        const o = (oy * out.width + ox) * 3;
        const [r, g, b] = patternColour(x, y);
        if (data[o] !== r || data[o + 1] !== g || data[o + 2] !== b) mismatches++;
        checked++;
      }
    }
    expect(mismatches).toBe(0);
    return { checked, data, rect };
  }

  it('ResizeAndFill: a 120x200 foreground in 300x200 sits centred at x=90, scale 1', async () => {
    const { checked, data } = await expectExactPlacementAsync('ResizeAndFill', { width: 120, height: 200 }, { width: 300, height: 200 });
    expect(checked).toBe((120 - 12) * (200 - 12));
    // Left of the rectangle is generated background, not foreground pattern.
    const o = (100 * 300 + 20) * 3;
    expect([data[o], data[o + 1], data[o + 2]]).not.toEqual(patternColour(20 - 90, 100));
  });

  it('CropAndResize: a 320x160 foreground in 200x160 is centred and cropped (x=-60), scale 1', async () => {
    const { checked, rect } = await expectExactPlacementAsync('CropAndResize', { width: 320, height: 160 }, { width: 200, height: 160 });
    expect(rect.x).toBe(-60);
    expect(checked).toBe(200 * (160 - 12)); // only the visible columns
  });

  it('JustResize: a foreground of the output size is kept exactly', async () => {
    await expectExactPlacementAsync('JustResize', { width: 180, height: 120 }, { width: 180, height: 120 });
  });

  it('JustResize (scaled): a 60x100 foreground is stretched to fill 240x100', async () => {
    const foreground = await makeSolidForegroundPngAsync(60, 100, [200, 30, 40], 0);
    const { images } = await generateAsync(generateParams(foreground, { Width: 240, Height: 100, Seed: 3, TransparentForeground: { ImageIndex: 0, ResizeMode: 'JustResize' } }));
    const mean = await meanColourAsync(images[0] as Buffer);
    expect(colourDistance(mean, [200, 30, 40])).toBeLessThan(3);
  });

  it('ResizeAndFill (scaled x2): a solid 80x60 foreground covers 160x120 centred in 320x120', async () => {
    const foreground = await makeSolidForegroundPngAsync(80, 60, [20, 180, 60], 0);
    const { images } = await generateAsync(generateParams(foreground, { Width: 320, Height: 120, Seed: 3, PositivePrompts: ['studio'], TransparentForeground: { ImageIndex: 0, ResizeMode: 'ResizeAndFill' } }));
    const { data } = await decodeRgbAsync(images[0] as Buffer);
    const at = (x: number, y: number) => [data[(y * 320 + x) * 3], data[(y * 320 + x) * 3 + 1], data[(y * 320 + x) * 3 + 2]] as number[];
    for (const [x, y] of [[82, 2], [160, 60], [237, 117]] as const) expect(colourDistance(at(x, y), [20, 180, 60])).toBeLessThan(4);
    for (const [x, y] of [[40, 60], [290, 30]] as const) expect(colourDistance(at(x, y), [20, 180, 60])).toBeGreaterThan(60);
  });

  it('CropAndResize (scaled): a 100x50 foreground fills 150x150 (scaled to 300x150, cropped)', async () => {
    const foreground = await makeSolidForegroundPngAsync(100, 50, [30, 60, 200], 0);
    const { images } = await generateAsync(generateParams(foreground, { Width: 150, Height: 150, Seed: 3, TransparentForeground: { ImageIndex: 0, ResizeMode: 'CropAndResize' } }));
    const mean = await meanColourAsync(images[0] as Buffer);
    expect(colourDistance(mean, [30, 60, 200])).toBeLessThan(3);
  });

  it('draws a darker contact shadow just below the foreground', async () => {
    const foreground = await makeSolidForegroundPngAsync(100, 100, [250, 250, 250], 20);
    const params = generateParams(foreground, { Width: 100, Height: 200, Seed: 8, PositivePrompts: ['studio'], TransparentForeground: { ImageIndex: 0, ResizeMode: 'ResizeAndFill' } });
    const { images } = await generateAsync(params);
    const { data } = await decodeRgbAsync(images[0] as Buffer);
    // The foreground covers y 50..150 (its opaque part y 70..129); just under it, the centre is
    // darker than the same row at the edge, although the vignette darkens the edge.
    const luminance = (x: number, y: number) => ((data[(y * 100 + x) * 3] as number) + (data[(y * 100 + x) * 3 + 1] as number) + (data[(y * 100 + x) * 3 + 2] as number)) / 3;
    expect(luminance(50, 131)).toBeLessThan(luminance(3, 131) - 15);
  });
});

describe('prompts and reference image', () => {
  const base = async (extra: Record<string, unknown>) =>
    generateParams(await makeForegroundPngAsync(16, 16, 4), { Width: 192, Height: 128, Seed: 21, ...extra });

  it('neon and studio give clearly different colours; neon is dark, studio light', async () => {
    const neon = await meanColourAsync((await generateAsync(await base({ PositivePrompts: ['a neon lit product shot'] }))).images[0] as Buffer);
    const studio = await meanColourAsync((await generateAsync(await base({ PositivePrompts: ['clean studio'] }))).images[0] as Buffer);
    expect(colourDistance(neon, studio)).toBeGreaterThan(80);
    expect(neon.reduce((a, b) => a + b) / 3).toBeLessThan(90);
    expect(studio.reduce((a, b) => a + b) / 3).toBeGreaterThan(180);
  });

  it('a negative prompt removes the scene word', async () => {
    const neon = await meanColourAsync((await generateAsync(await base({ PositivePrompts: ['neon'] }))).images[0] as Buffer);
    const withoutNeon = await meanColourAsync((await generateAsync(await base({ PositivePrompts: ['neon'], NegativePrompts: ['neon'] }))).images[0] as Buffer);
    const neutral = await meanColourAsync((await generateAsync(await base({ PositivePrompts: [] }))).images[0] as Buffer);
    expect(colourDistance(neon, withoutNeon)).toBeGreaterThan(80);
    expect(colourDistance(withoutNeon, neutral)).toBeLessThan(1);
  });

  it('colour words tint the background', async () => {
    const blue = await meanColourAsync((await generateAsync(await base({ PositivePrompts: ['studio, blue'] }))).images[0] as Buffer);
    const red = await meanColourAsync((await generateAsync(await base({ PositivePrompts: ['studio, red'] }))).images[0] as Buffer);
    expect(blue[2] - blue[0]).toBeGreaterThan(30);
    expect(red[0] - red[2]).toBeGreaterThan(30);
  });

  it('blends the reference image in by ReferStrength', async () => {
    const foreground = await makeForegroundPngAsync(16, 16, 4);
    const reference = await sharp({ create: { width: 50, height: 40, channels: 3, background: { r: 250, g: 0, b: 0 } } }).png().toBuffer();
    const withStrength = async (strength: number) => {
      const params = generateParams(foreground, {
        Width: 128, Height: 96, Seed: 4, PositivePrompts: ['studio'],
        ImageList: [toDataUrl(foreground), toDataUrl(reference)],
        BackgroundImage2Image: { ImageIndex: 1, ReferStrength: strength },
      });
      return (await generateAsync(params)).images[0] as Buffer;
    };
    const none = await decodeRgbAsync(await withStrength(0));
    const full = await decodeRgbAsync(await withStrength(1));
    const half = await decodeRgbAsync(await withStrength(0.5));
    const corner = (image: { data: Buffer }) => [image.data[0], image.data[1], image.data[2]] as number[];
    expect(corner(full)).toEqual([250, 0, 0]);
    expect(corner(none)[1]).toBeGreaterThan(150);
    const expectedHalf = corner(none).map((v, i) => Math.round((v + [250, 0, 0][i]!) / 2));
    expect(colourDistance(corner(half), expectedHalf)).toBeLessThan(2);
  });
});
