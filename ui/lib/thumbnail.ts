// Small previews of result images for the jobs list: downscaled on a canvas where the browser
// offers one, otherwise the image itself as a data URL.
import { toDataUrl } from './build-generate-request';

const THUMB_SIZE = 96;

export async function makeThumbnailAsync(png: Uint8Array): Promise<string> {
  try {
    if (typeof createImageBitmap !== 'function' || typeof document === 'undefined') return toDataUrl(png);
    const bitmap = await createImageBitmap(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
    const scale = THUMB_SIZE / Math.max(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext('2d');
    if (!context) return toDataUrl(png);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/png');
  } catch {
    return toDataUrl(png);
  }
}

/**
 * Export width to ask main for when a placed frame's thumbnail is fetched: the shorter side comes
 * out at the thumbnail size (the list crops to a square), within the request's 16..256 limit.
 */
export function frameThumbnailWidth(box: { width: number; height: number }): number {
  const aspect = box.height > 0 ? box.width / box.height : 1;
  return Math.max(16, Math.min(256, Math.round(THUMB_SIZE * Math.max(1, aspect))));
}

/** A frame exported by main is already small: shown as it came. */
export function frameThumbnailUrl(png: Uint8Array): string {
  return toDataUrl(png);
}
