// Small previews of result images for the jobs list: downscaled on a canvas where the browser
// offers one, otherwise the image itself as a data URL. One at a time, each decoded straight to
// the small size: sixteen 2560 px results placed in a row would otherwise hold sixteen full-size
// bitmaps (26 MB each) at once.
import { readImageSize } from '../../src/contract/image-size';
import { sniffImageType } from '../../src/contract/png-header';
import { toDataUrl } from './build-generate-request';

const THUMB_SIZE = 96;

/** End of the queue of thumbnails being made; never rejects. */
let queueTail: Promise<unknown> = Promise.resolve();

/** A data URL of `image` (PNG, JPEG, GIF or WebP) with its longer side at most THUMB_SIZE px. */
export function makeThumbnailAsync(image: Uint8Array): Promise<string> {
  const turn = queueTail.then(() => thumbnailOfAsync(image));
  queueTail = turn.catch(() => undefined);
  return turn;
}

async function thumbnailOfAsync(image: Uint8Array): Promise<string> {
  try {
    if (typeof createImageBitmap !== 'function' || typeof document === 'undefined') return toDataUrl(image);
    const kind = sniffImageType(image) ?? 'png';
    const blob = new Blob([image as Uint8Array<ArrayBuffer>], { type: 'image/' + kind });
    const size = kind === 'webp' ? null : readImageSize(kind, image);
    const bitmap = size
      ? await createImageBitmap(blob, { ...fitted(size), resizeQuality: 'medium' })
      : await createImageBitmap(blob);
    const { resizeWidth: width, resizeHeight: height } = fitted(bitmap);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) return toDataUrl(image);
    context.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    return canvas.toDataURL('image/png');
  } catch {
    return toDataUrl(image);
  }
}

function fitted(size: { width: number; height: number }): { resizeWidth: number; resizeHeight: number } {
  const scale = Math.min(1, THUMB_SIZE / Math.max(size.width, size.height));
  return { resizeWidth: Math.max(1, Math.round(size.width * scale)), resizeHeight: Math.max(1, Math.round(size.height * scale)) };
}
