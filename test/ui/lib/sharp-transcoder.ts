// An ImageTranscoder on sharp (libvips) for tests running where there is no browser canvas.
import sharp from 'sharp';
import type { ImageTranscoder } from '../../../ui/lib/figma-image';

export const sharpTranscoder: ImageTranscoder = {
  async sizeAsync(bytes) {
    const meta = await sharp(bytes).metadata();
    return { width: meta.width ?? 0, height: meta.height ?? 0 };
  },
  async transcodeToPngAsync(bytes, width, height) {
    return new Uint8Array(await sharp(bytes).resize(width, height, { fit: 'fill' }).png().toBuffer());
  },
};
