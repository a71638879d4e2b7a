// Small real images for contract tests, made with sharp.
import sharp from 'sharp';

export interface TestImages {
  rgbaPng: Buffer;
  rgbPng: Buffer;
  palettePngWithTrns: Buffer;
  jpeg: Buffer;
  gif: Buffer;
  webp: Buffer;
}

export async function makeTestImagesAsync(): Promise<TestImages> {
  const rgba = sharp({ create: { width: 12, height: 8, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } });
  const rgb = sharp({ create: { width: 20, height: 10, channels: 3, background: { r: 10, g: 120, b: 200 } } });
  return {
    rgbaPng: await rgba.clone().png().toBuffer(),
    rgbPng: await rgb.clone().png().toBuffer(),
    palettePngWithTrns: await rgba.clone().png({ palette: true }).toBuffer(),
    jpeg: await rgb.clone().jpeg().toBuffer(),
    gif: await rgb.clone().gif().toBuffer(),
    webp: await rgb.clone().webp().toBuffer(),
  };
}

export const dataUrl = (bytes: Buffer, type = 'image/png') => `data:${type};base64,${bytes.toString('base64')}`;
