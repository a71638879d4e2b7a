// ImageCodec for Node (tests, benchmarks): sharp decodes PNG/JPEG/GIF and writes RGBA PNGs.

import sharp from 'sharp';
import type { ImageCodec, RgbaImage } from './image-codec.js';

export function createSharpCodec(): ImageCodec {
  return {
    async decodeAsync(bytes: Uint8Array): Promise<RgbaImage> {
      const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      return {
        width: info.width,
        height: info.height,
        rgba: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
      };
    },
    async encodePngAsync(image: RgbaImage): Promise<Uint8Array> {
      const raw = Buffer.from(image.rgba.buffer, image.rgba.byteOffset, image.rgba.byteLength);
      const png = await sharp(raw, { raw: { width: image.width, height: image.height, channels: 4 } })
        .png({ compressionLevel: 6 })
        .toBuffer();
      return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
    },
  };
}
