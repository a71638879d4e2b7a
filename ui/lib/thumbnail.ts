// Small previews of result images for the jobs list: downscaled on a canvas where the browser
// offers one, otherwise the image itself as a data URL. One at a time: sixteen 2560 px results
// placed in a row would otherwise decode sixteen full-size bitmaps (26 MB each) at once.
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
    const type = 'image/' + (sniffImageType(image) ?? 'png');
    const bitmap = await createImageBitmap(new Blob([image as Uint8Array<ArrayBuffer>], { type }));
    const scale = Math.min(1, THUMB_SIZE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext('2d');
    if (!context) return toDataUrl(image);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/png');
  } catch {
    return toDataUrl(image);
  }
}
