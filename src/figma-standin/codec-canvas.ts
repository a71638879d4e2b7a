// ImageCodec for the browser playground: createImageBitmap to decode, a canvas to encode PNG.

import type { ImageCodec, RgbaImage } from './image-codec.js';

type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;

function createCanvas(width: number, height: number): AnyCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function context2d(canvas: AnyCanvas): OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!ctx) throw new Error('This browser gives no 2D canvas context');
  return ctx;
}

async function canvasToPngAsync(canvas: AnyCanvas): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/png' });
  return new Promise<Blob>((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas.toBlob gave no PNG'))), 'image/png');
  });
}

export function createCanvasCodec(): ImageCodec {
  return {
    async decodeAsync(bytes: Uint8Array): Promise<RgbaImage> {
      const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
      const canvas = createCanvas(bitmap.width, bitmap.height);
      const ctx = context2d(canvas);
      ctx.drawImage(bitmap, 0, 0);
      bitmap.close();
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
      return { width: pixels.width, height: pixels.height, rgba: pixels.data };
    },
    async encodePngAsync(image: RgbaImage): Promise<Uint8Array> {
      const canvas = createCanvas(image.width, image.height);
      const ctx = context2d(canvas);
      ctx.putImageData(new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height), 0, 0);
      const blob = await canvasToPngAsync(canvas);
      return new Uint8Array(await blob.arrayBuffer());
    },
  };
}
