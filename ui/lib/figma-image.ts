// Result images made acceptable to figma.createImage before they leave the UI: it takes PNG, JPEG
// and GIF only, at most 4096 px a side ("Image type is unsupported" / "Image is too large").
// Anything else (the relay passes WebP through) is transcoded to PNG, and an oversized image is
// scaled down to fit, with a note for the designer. Pixel work belongs in the UI (canvas).
import { readImageSize } from '../../src/contract/image-size';
import { sniffImageType } from '../../src/contract/png-header';

const FIGMA_IMAGE_MAX_SIDE = 4096;

/** Decodes any image the browser reads and encodes it as PNG at a given size. */
export interface ImageTranscoder {
  transcodeToPngAsync(bytes: Uint8Array, width: number, height: number): Promise<Uint8Array>;
  sizeAsync(bytes: Uint8Array): Promise<{ width: number; height: number }>;
}

export interface FigmaImage {
  bytes: Uint8Array;
  /** Set when the image was scaled down; a sentence for the designer. */
  note?: string;
}

/** The largest size with the same aspect and neither side above FIGMA_IMAGE_MAX_SIDE. */
function fitFigmaImageSize(size: { width: number; height: number }): { width: number; height: number } {
  const scale = Math.min(1, FIGMA_IMAGE_MAX_SIDE / Math.max(size.width, size.height));
  if (scale === 1) return { width: size.width, height: size.height };
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

export async function prepareFigmaImageAsync(bytes: Uint8Array, transcoder: ImageTranscoder = browserTranscoder): Promise<FigmaImage> {
  const type = sniffImageType(bytes);
  const accepted = type === 'png' || type === 'jpeg' || type === 'gif';
  const headerSize = accepted ? readImageSize(type, bytes) : null;
  if (headerSize && headerSize.width <= FIGMA_IMAGE_MAX_SIDE && headerSize.height <= FIGMA_IMAGE_MAX_SIDE) return { bytes };
  const size = headerSize ?? (await transcoder.sizeAsync(bytes));
  const fitted = fitFigmaImageSize(size);
  const png = await transcoder.transcodeToPngAsync(bytes, fitted.width, fitted.height);
  if (fitted.width === size.width && fitted.height === size.height) return { bytes: png };
  return {
    bytes: png,
    note: `A ${size.width} x ${size.height} px result was scaled to ${fitted.width} x ${fitted.height} (Figma's limit is 4096 px)`,
  };
}

async function bitmapOfAsync(bytes: Uint8Array): Promise<ImageBitmap> {
  const type = 'image/' + (sniffImageType(bytes) ?? 'png');
  return createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
}

/** createImageBitmap + a canvas: Figma's iframe is a Chromium page. */
const browserTranscoder: ImageTranscoder = {
  async sizeAsync(bytes) {
    const bitmap = await bitmapOfAsync(bytes);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  },
  async transcodeToPngAsync(bytes, width, height) {
    const bitmap = await bitmapOfAsync(bytes);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d canvas to convert the image');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the canvas could not encode a PNG');
    return new Uint8Array(await blob.arrayBuffer());
  },
};
