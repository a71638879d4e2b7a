import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  readPngInfo,
  readPngInfoFromBase64,
  sniffBase64ImageType,
  sniffImageType,
  stripDataUrl,
} from '../../src/contract/png-header';
import { dataUrl, makeTestImagesAsync, type TestImages } from './images';

let images: TestImages;
beforeAll(async () => {
  images = await makeTestImagesAsync();
});

describe('base64', () => {
  it('round-trips any bytes and matches Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const encoded = bytesToBase64(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
        expect(Array.from(base64ToBytes(encoded))).toEqual(Array.from(bytes));
        expect(Array.from(base64ToBytes(`data:image/png;base64,${encoded}`))).toEqual(Array.from(bytes));
      }),
    );
  });

  it('decodes only a prefix when given maxBytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(120), (bytes, max) => {
        const prefix = base64ToBytes(Buffer.from(bytes).toString('base64'), max);
        expect(Array.from(prefix)).toEqual(Array.from(bytes.subarray(0, max)));
      }),
    );
  });

  it('accepts unpadded, URL-safe and line-wrapped input, and rejects other characters', () => {
    expect(Array.from(base64ToBytes('AQI'))).toEqual([1, 2]);
    expect(Array.from(base64ToBytes('-_8='))).toEqual([0xfb, 0xff]);
    expect(Array.from(base64ToBytes('AQID\nBA=='))).toEqual([1, 2, 3, 4]);
    expect(() => base64ToBytes('AQ!D')).toThrow(/position 2/);
  });

  it('strips data URLs only', () => {
    expect(stripDataUrl('data:image/png;base64,QUJD')).toBe('QUJD');
    expect(stripDataUrl('QUJD')).toBe('QUJD');
  });
});

describe('readPngInfo', () => {
  it('reads size, depth, colour type and alpha from real PNGs', () => {
    expect(readPngInfo(images.rgbaPng)).toEqual({ width: 12, height: 8, bitDepth: 8, colorType: 6, hasAlphaChannel: true });
    expect(readPngInfo(images.rgbPng)).toEqual({ width: 20, height: 10, bitDepth: 8, colorType: 2, hasAlphaChannel: false });
    const palette = readPngInfo(images.palettePngWithTrns);
    expect(palette?.colorType).toBe(3);
    expect(palette?.hasAlphaChannel).toBe(true); // from the tRNS chunk
  });

  it('gives the same answer from base64 without decoding everything', () => {
    for (const png of [images.rgbaPng, images.rgbPng, images.palettePngWithTrns]) {
      expect(readPngInfoFromBase64(dataUrl(png))).toEqual(readPngInfo(png));
      expect(readPngInfoFromBase64(png.toString('base64'))).toEqual(readPngInfo(png));
    }
  });

  it('from base64, answers only a whole PNG: its IHDR checksum right, its chunks through an IDAT to an IEND inside the image', async () => {
    const whole = images.rgbaPng;
    // Many IDAT chunks, as some encoders write them: still whole.
    const sharp = (await import('sharp')).default;
    const chunked = await sharp(Buffer.alloc(64 * 64 * 4, 90), { raw: { width: 64, height: 64, channels: 4 } }).png({ compressionLevel: 0 }).toBuffer();
    for (const png of [whole, chunked]) expect(readPngInfoFromBase64(png.toString('base64'))).toEqual(readPngInfo(png));
    const cut = (png: Buffer, bytes: number) => png.subarray(0, png.length - bytes).toString('base64');
    expect(readPngInfoFromBase64(cut(whole, 1))).toBeNull(); // IEND's checksum cut short
    expect(readPngInfoFromBase64(cut(whole, 12))).toBeNull(); // no IEND
    expect(readPngInfoFromBase64(cut(chunked, chunked.length - 60))).toBeNull(); // the header and a piece of data
    const damaged = Buffer.from(whole);
    damaged[20] = (damaged[20] ?? 0) ^ 1; // the height, under an IHDR checksum that no longer matches
    expect(readPngInfo(damaged)).not.toBeNull();
    expect(readPngInfoFromBase64(damaged.toString('base64'))).toBeNull();
    const noData = Buffer.concat([whole.subarray(0, 33), whole.subarray(whole.length - 12)]);
    expect(readPngInfoFromBase64(noData.toString('base64'))).toBeNull(); // IHDR then IEND
    // Bytes after IEND are left alone, as decoders do.
    expect(readPngInfoFromBase64(Buffer.concat([whole, Buffer.alloc(6)]).toString('base64'))).toEqual(readPngInfo(whole));
  });

  it('returns null for other formats and truncated headers', () => {
    expect(readPngInfo(images.jpeg)).toBeNull();
    expect(readPngInfo(images.rgbaPng.subarray(0, 20))).toBeNull();
    expect(readPngInfoFromBase64('')).toBeNull();
  });
});

describe('sniffImageType', () => {
  it('names PNG, JPEG, GIF and WebP by magic bytes', () => {
    expect(sniffImageType(images.rgbaPng)).toBe('png');
    expect(sniffImageType(images.jpeg)).toBe('jpeg');
    expect(sniffImageType(images.gif)).toBe('gif');
    expect(sniffImageType(images.webp)).toBe('webp');
    expect(sniffImageType(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(sniffBase64ImageType(dataUrl(images.webp, 'image/webp'))).toBe('webp');
    expect(sniffBase64ImageType('!!!!')).toBeNull();
  });
});
