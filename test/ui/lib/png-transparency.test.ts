import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { decodePngAsync } from '../../../ui/lib/png';
import { pngHasTransparencyAsync } from '../../../ui/lib/png-transparency';

const SIDE = 300;

/** Noisy opaque RGBA (so it compresses poorly and spans many inflate pieces), with `clear` pixels made transparent. */
function noisy(clear: number[] = []): Uint8Array {
  const rgba = new Uint8Array(SIDE * SIDE * 4).map((_, i) => ((i & 3) === 3 ? 255 : (Math.imul(i, 2654435761) >>> 24)));
  for (const index of clear) rgba[index * 4 + 3] = 0;
  return rgba;
}

async function pngOf(rgba: Uint8Array, channels: 3 | 4 = 4): Promise<Uint8Array> {
  const input = channels === 4 ? rgba : rgba.filter((_, i) => (i & 3) !== 3);
  return new Uint8Array(await sharp(input, { raw: { width: SIDE, height: SIDE, channels } }).png({ adaptiveFiltering: true }).toBuffer());
}

/** The same PNG with its image data cut to `fraction` of its length (the chunk's length field follows). */
function truncated(png: Uint8Array, fraction: number): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset);
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    if (String.fromCharCode(...png.subarray(at + 4, at + 8)) === 'IDAT') {
      const kept = Math.floor(length * fraction);
      const out = new Uint8Array(at + 12 + kept);
      out.set(png.subarray(0, at + 8 + kept));
      new DataView(out.buffer).setUint32(at, kept);
      return out;
    }
    at += 12 + length;
  }
  throw new Error('no IDAT');
}

describe('pngHasTransparencyAsync', () => {
  it('finds a single transparent pixel in the last row, and none in an opaque image', async () => {
    expect(await pngHasTransparencyAsync(await pngOf(noisy([SIDE * SIDE - 1])))).toBe(true);
    expect(await pngHasTransparencyAsync(await pngOf(noisy()))).toBe(false);
  });

  it('stops at the first transparent row: the rest of the image data is never read', async () => {
    const png = truncated(await pngOf(noisy([5])), 0.3);
    await expect(decodePngAsync(png)).rejects.toThrow(/truncated|unexpected|invalid/i);
    expect(await pngHasTransparencyAsync(png)).toBe(true);
  });

  it('reads an opaque image to its end and refuses one cut short', async () => {
    await expect(pngHasTransparencyAsync(truncated(await pngOf(noisy()), 0.3))).rejects.toThrow();
  });

  it('answers without decoding for RGB, and decodes palette PNGs with a transparent entry', async () => {
    expect(await pngHasTransparencyAsync(await pngOf(noisy(), 3))).toBe(false);
    const small = new Uint8Array(4 * 4 * 4).map((_, i) => ((i & 3) === 3 ? 255 : 200));
    small.set([0, 0, 0, 0], 0);
    const palette = new Uint8Array(await sharp(small, { raw: { width: 4, height: 4, channels: 4 } }).png({ palette: true }).toBuffer());
    expect(palette[25]).toBe(3); // IHDR colour type: palette
    expect(await pngHasTransparencyAsync(palette)).toBe(true);
    small[3] = 255;
    const opaquePalette = new Uint8Array(await sharp(small, { raw: { width: 4, height: 4, channels: 4 } }).png({ palette: true }).toBuffer());
    expect(await pngHasTransparencyAsync(opaquePalette)).toBe(false);
  });
});
