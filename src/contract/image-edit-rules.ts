// The image-editing actions' rules that are plain code: documented defaults and ranges, and the
// cross-field checks of the images' headers. No zod here, so the plugin UI's generated checker runs
// these very functions; ./image-edit-schemas builds the zod schemas from them.
import { readImageDimensionsFromBase64, type ImageDimensions } from './image-dimensions';
import { readPngInfoFromBase64 } from './png-header';
import { IMAGE_TYPE_NAMES, type AddIssue, type FieldRejected } from './value-tests';

export const HAIR_OPTIMIZATION_MODES = ['auto', 'on', 'off'] as const;
export type HairOptimization = (typeof HAIR_OPTIMIZATION_MODES)[number];

/** The documented defaults, applied when a field is left out (and then sent explicitly). */
export const IMAGE_EDIT_DEFAULTS = {
  ErodeSize: 15,
  ForegroundThreshold: 240,
  BackgroundThreshold: 15,
  HairOptimization: 'auto' as HairOptimization,
  OnlyMask: false,
  InvertMask: false,
  MaskBlur: 12,
} as const;

/**
 * Documented ranges, and Backdrop's own bounds where PICPIK states none (each says why):
 * - ImageSide: no size is documented for these actions; 4096 is the largest side any PICPIK page
 *   names (ResizeImage), 16 the smallest image worth separating. Checked from the header.
 * - RawImages: no count is documented; 16 is GenerateBackgrounds' BatchSize bound, and every image
 *   of a batch costs credits.
 */
export const IMAGE_EDIT_LIMITS = {
  ErodeSize: { min: 0, max: 40 },
  Threshold: { min: 0, max: 255 },
  MaskBlur: { min: 0, max: 64 },
  ImageSide: { min: 16, max: 4096 },
  RawImages: { min: 1, max: 16 },
} as const;

const { ImageSide } = IMAGE_EDIT_LIMITS;

/** Checks one image's header: a PNG, JPEG or WebP of a sane size. Returns its size when it passes. */
function checkRawImage(image: unknown, path: (string | number)[], add: AddIssue, rejected: FieldRejected): ImageDimensions | null {
  if (typeof image !== 'string' || rejected(path)) return null; // the field schema reports it
  const info = readImageDimensionsFromBase64(image);
  if (!info || info.type === 'gif') {
    const what = info ? IMAGE_TYPE_NAMES[info.type] : 'not a readable image';
    add(path, 'image_format', `is ${what}, but it must be a PNG, JPEG or WebP image: export it again in one of those formats`);
    return null;
  }
  if (info.width < ImageSide.min || info.height < ImageSide.min || info.width > ImageSide.max || info.height > ImageSide.max) {
    add(path, 'image_size', `is ${info.width} x ${info.height} pixels, but each side must be between ${ImageSide.min} and ${ImageSide.max} pixels: ${info.width > ImageSide.max || info.height > ImageSide.max ? 'scale it down' : 'use a larger image'}`);
    return null;
  }
  return info;
}

function checkThresholdOrder(value: Record<string, unknown>, add: AddIssue): void {
  const foreground = value['ForegroundThreshold'] ?? IMAGE_EDIT_DEFAULTS.ForegroundThreshold;
  const background = value['BackgroundThreshold'] ?? IMAGE_EDIT_DEFAULTS.BackgroundThreshold;
  // Undocumented, so the stricter reading: pixels above ForegroundThreshold are subject, below
  // BackgroundThreshold background, and the band between is the soft edge, which needs BG < FG.
  if (typeof foreground === 'number' && typeof background === 'number' && background >= foreground) {
    add(['BackgroundThreshold'], 'threshold_order', `must be below ForegroundThreshold (${foreground}): pixels between the two form the soft edge (got ${background})`);
  }
}

/**
 * Box inside the image. Whether x2/y2 are inclusive is not documented, so the stricter reading:
 * every corner must be a pixel of the image (x2 <= width - 1), which is valid under either one.
 */
function checkBox(box: unknown, size: ImageDimensions, add: AddIssue): void {
  if (!Array.isArray(box) || box.length !== 4 || !box.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) return;
  const [x1, y1, x2, y2] = box as [number, number, number, number];
  if (x1 >= x2 || y1 >= y2) {
    add(['Box'], 'box', `must have x1 < x2 and y1 < y2 (got [${box.join(', ')}]): [x1, y1] is the top-left corner, [x2, y2] the bottom-right`);
  } else if (x2 > size.width - 1 || y2 > size.height - 1) {
    add(['Box'], 'box', `must lie inside RawImage (${size.width} x ${size.height}): x2 at most ${size.width - 1} and y2 at most ${size.height - 1} (got [${box.join(', ')}])`);
  }
}

export function checkRemoveBackground(value: Record<string, unknown>, add: AddIssue, rejected: FieldRejected): void {
  checkThresholdOrder(value, add);
  const size = checkRawImage(value['RawImage'], ['RawImage'], add, rejected);
  if (size && value['Box'] !== undefined) checkBox(value['Box'], size, add);
}

export function checkRemoveBackgroundsInBatch(value: Record<string, unknown>, add: AddIssue, rejected: FieldRejected): void {
  checkThresholdOrder(value, add);
  const images = value['RawImages'];
  if (Array.isArray(images)) images.forEach((image, i) => checkRawImage(image, ['RawImages', i], add, rejected));
}

/**
 * The mask: a PNG (the lossless format, so black stays black) of exactly the raw image's size. A
 * grey PNG is monochrome by its header; whether a colour one is can only be told from its pixels
 * (checkActionPixelsAsync in png-monochrome.ts), so that check runs where the request is sent from.
 */
export function checkRemoveContents(value: Record<string, unknown>, add: AddIssue, rejected: FieldRejected): void {
  const size = checkRawImage(value['RawImage'], ['RawImage'], add, rejected);
  const mask = value['Mask'];
  if (typeof mask !== 'string' || rejected(['Mask'])) return;
  const info = readPngInfoFromBase64(mask);
  if (!info) {
    add(['Mask'], 'mask_format', 'is not a readable PNG, but the mask must be a black-and-white PNG (white = the area to redraw)');
    return;
  }
  if (size && (info.width !== size.width || info.height !== size.height)) {
    add(['Mask'], 'mask_size', `is ${info.width} x ${info.height} pixels, but it must be the size of RawImage (${size.width} x ${size.height})`);
  }
}
