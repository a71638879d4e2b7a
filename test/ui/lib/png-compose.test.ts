import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { decodePngAsync, encodePngAsync } from '../../../ui/lib/png';
import { composeForeground } from '../../../ui/lib/compose-foreground';
import { hasTransparentPixels } from '../../../ui/lib/has-transparent-pixels';

function solid(width: number, height: number, rgba: [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let i = 0; i < out.length; i += 4) out.set(rgba, i);
  return out;
}

function pixel(image: { width: number; rgba: Uint8Array }, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return [...image.rgba.subarray(i, i + 4)];
}

/** The filter byte of every row of an 8-bit PNG with `stride` bytes per row. */
function filterTypesOf(png: Uint8Array, stride: number): number[] {
  const parts: Uint8Array[] = [];
  for (let at = 8; at < png.length; ) {
    const length = new DataView(png.buffer, png.byteOffset + at).getUint32(0);
    if (String.fromCharCode(...png.subarray(at + 4, at + 8)) === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(parts));
  return Array.from({ length: raw.length / (stride + 1) }, (_, row) => raw[row * (stride + 1)] as number);
}

describe('PNG codec', () => {
  it('round-trips RGBA, and sharp reads what it encodes', async () => {
    const rgba = new Uint8Array(5 * 3 * 4).map((_, i) => (i * 37) % 256);
    const png = await encodePngAsync({ width: 5, height: 3, rgba });
    const back = await decodePngAsync(png);
    expect(back).toEqual({ width: 5, height: 3, rgba });
    const viaSharp = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(viaSharp.info).toMatchObject({ width: 5, height: 3, channels: 4 });
    expect(new Uint8Array(viaSharp.data)).toEqual(rgba);
  });

  it('decodes 8-bit RGBA and RGB rows under every filter libpng picks, exactly as sharp reads them', async () => {
    const width = 97;
    const height = 61;
    // Gradients, stripes and noise, so the adaptive filter choice varies from row to row.
    const rgba = new Uint8Array(width * height * 4).map((_, i) => {
      const x = (i >> 2) % width;
      const y = Math.floor((i >> 2) / width);
      return y % 7 === 0 ? (i * 2654435761) >>> 24 : (x * 3 + y * (i & 3) + (y % 3 === 0 ? x * x : 0)) & 255;
    });
    for (const channels of [4, 3] as const) {
      const input = channels === 4 ? rgba : rgba.filter((_, i) => (i & 3) !== 3);
      const png = new Uint8Array(await sharp(input, { raw: { width, height, channels } }).png({ adaptiveFiltering: true, compressionLevel: 9 }).toBuffer());
      const filters = filterTypesOf(png, width * channels);
      expect(new Set(filters).size).toBeGreaterThanOrEqual(3);
      const decoded = await decodePngAsync(png);
      const expected = channels === 4 ? rgba : rgba.map((value, i) => ((i & 3) === 3 ? 255 : value));
      expect(decoded).toEqual({ width, height, rgba: expected });
    }
  });

  it('decodes palette, RGB, grey and 16-bit PNGs as made by other encoders', async () => {
    const source = solid(4, 4, [200, 40, 10, 255]);
    source.set([0, 0, 0, 0], 0);
    const raw = { raw: { width: 4, height: 4, channels: 4 as const } };
    const palette = await sharp(Buffer.from(source), raw).png({ palette: true }).toBuffer();
    const decodedPalette = await decodePngAsync(new Uint8Array(palette));
    expect(pixel(decodedPalette, 0, 0)[3]).toBe(0);
    expect(pixel(decodedPalette, 3, 3)).toEqual([200, 40, 10, 255]);
    const rgb = await sharp(Buffer.from(source), raw).removeAlpha().png().toBuffer();
    expect(pixel(await decodePngAsync(new Uint8Array(rgb)), 2, 2)).toEqual([200, 40, 10, 255]);
    const grey = await sharp(Buffer.from(source), raw).removeAlpha().greyscale().png().toBuffer();
    const g = pixel(await decodePngAsync(new Uint8Array(grey)), 2, 2);
    expect(g[0]).toBe(g[1]);
    expect(g[3]).toBe(255);
    const sixteen = await sharp(Buffer.from(source), raw).toColourspace('rgb16').png().toBuffer();
    expect(pixel(await decodePngAsync(new Uint8Array(sixteen)), 1, 1)).toEqual([200, 40, 10, 255]);
  });

  it('rejects bytes that are not a PNG', async () => {
    await expect(decodePngAsync(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).rejects.toThrow(/not a PNG/);
  });
});

describe('composeForeground', () => {
  it('draws the layer where it sits in the area at output resolution, transparent elsewhere', async () => {
    // Area 200 x 100 canvas units; layer 50 x 50 at (100, 25); output 2x = 400 x 200.
    const layer = { rgba: solid(100, 100, [255, 0, 0, 255]), width: 100, height: 100, box: { x: 100, y: 25, width: 50, height: 50 } };
    const composed = composeForeground([layer], { width: 200, height: 100 }, { width: 400, height: 200 });
    const decoded = await decodePngAsync(await encodePngAsync(composed));
    expect(decoded.width).toBe(400);
    expect(decoded.height).toBe(200);
    let minX = Infinity, minY = Infinity, maxX = -1, maxY = -1, opaque = 0;
    for (let y = 0; y < 200; y += 1) {
      for (let x = 0; x < 400; x += 1) {
        const [r, , , a] = pixel(decoded, x, y) as [number, number, number, number];
        if (a > 0) {
          expect([r, a]).toEqual([255, 255]);
          opaque += 1;
          minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
        }
      }
    }
    expect({ minX, minY, maxX, maxY, opaque }).toEqual({ minX: 200, minY: 50, maxX: 299, maxY: 149, opaque: 100 * 100 });
    expect(hasTransparentPixels(decoded.rgba)).toBe(true);
  });

  it('clips the parts of a layer outside the area', () => {
    const layer = { rgba: solid(40, 40, [0, 255, 0, 255]), width: 40, height: 40, box: { x: -20, y: 80, width: 40, height: 40 } };
    const out = composeForeground([layer], { width: 100, height: 100 }, { width: 100, height: 100 }, 'nearest');
    expect(pixel(out, 0, 80)).toEqual([0, 255, 0, 255]);
    expect(pixel(out, 19, 99)).toEqual([0, 255, 0, 255]);
    expect(pixel(out, 20, 80)[3]).toBe(0);
    expect(pixel(out, 0, 79)[3]).toBe(0);
  });

  it('keeps partially transparent pixels and stacks layers bottom first', () => {
    const bottom = { rgba: solid(10, 10, [0, 0, 255, 255]), width: 10, height: 10, box: { x: 0, y: 0, width: 10, height: 10 } };
    const top = { rgba: solid(10, 10, [255, 0, 0, 128]), width: 10, height: 10, box: { x: 5, y: 5, width: 10, height: 10 } };
    const out = composeForeground([bottom, top], { width: 20, height: 20 }, { width: 20, height: 20 });
    expect(pixel(out, 2, 2)).toEqual([0, 0, 255, 255]);
    expect(pixel(out, 12, 12)).toEqual([255, 0, 0, 128]);
    const mixed = pixel(out, 7, 7);
    expect(mixed[3]).toBe(255);
    expect(mixed[0]).toBeGreaterThan(120);
    expect(mixed[2]).toBeGreaterThan(120);
    expect(pixel(out, 17, 2)[3]).toBe(0);
  });

  it('a layer on the output pixel grid at the output scale comes out as the general sampling gives it', () => {
    const noise = (width: number, height: number, seed: number) =>
      new Uint8Array(width * height * 4).map((_, i) => ((i + seed) * 2654435761) >>> 24).map((v, i) => ((i & 3) === 3 && v < 60 ? 0 : v));
    for (const scale of [1, 2]) {
      const layers = [
        { rgba: noise(12 * scale, 9 * scale, 1), width: 12 * scale, height: 9 * scale, box: { x: 3, y: -2, width: 12, height: 9 } },
        { rgba: noise(8 * scale, 8 * scale, 7), width: 8 * scale, height: 8 * scale, box: { x: 9, y: 4, width: 8, height: 8 } },
      ];
      const output = { width: 16 * scale, height: 10 * scale };
      const onGrid = composeForeground(layers, { width: 16, height: 10 }, output);
      // A shift far below a pixel takes the general bilinear path with the same visible result
      // (that path may leave a neighbour's colour under alpha 0).
      const offGrid = composeForeground(layers.map((layer) => ({ ...layer, box: { ...layer.box, x: layer.box.x + 1e-7 } })), { width: 16, height: 10 }, output);
      const visible = (rgba: Uint8Array) => rgba.map((v, i) => (rgba[i | 3] === 0 ? 0 : v));
      expect(onGrid.rgba.length).toBe(offGrid.rgba.length);
      expect(visible(onGrid.rgba)).toEqual(visible(offGrid.rgba));
      expect(pixel(onGrid, 3 * scale, 0)).toEqual(pixel({ width: 12 * scale, rgba: layers[0]!.rgba }, 0, 2 * scale).map((v, _, all) => (all[3] === 0 ? 0 : v)));
    }
  });

  it('scales with bilinear sampling without darkening transparent edges', () => {
    const rgba = new Uint8Array(2 * 1 * 4);
    rgba.set([255, 255, 255, 255], 0); // left opaque white, right fully transparent black
    const out = composeForeground([{ rgba, width: 2, height: 1, box: { x: 0, y: 0, width: 2, height: 1 } }], { width: 2, height: 1 }, { width: 8, height: 4 });
    for (let x = 0; x < 8; x += 1) {
      const [r, g, b, a] = pixel(out, x, 1) as [number, number, number, number];
      if (a > 0) expect([r, g, b]).toEqual([255, 255, 255]);
    }
  });

  it('reports whether a buffer has transparent pixels', () => {
    expect(hasTransparentPixels(solid(3, 3, [1, 2, 3, 255]))).toBe(false);
    const some = solid(3, 3, [1, 2, 3, 255]);
    some[7] = 254;
    expect(hasTransparentPixels(some)).toBe(true);
  });
});
