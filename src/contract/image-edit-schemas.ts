// Parameters of PICPIK's image-editing actions: RemoveBackground and RemoveBackgroundsInBatch (cut
// the subject out) and RemoveContents (erase a masked area and redraw what is behind it). Ranges,
// defaults and required fields are those of PICPIK's api-reference tables (docs/picpik-image-edit.md);
// the header checks below are Backdrop's, so a request that cannot succeed never costs a call.
import * as z from 'zod/mini';
import { mustBe } from './issues';
import { readImageDimensionsFromBase64, type ImageDimensions } from './image-dimensions';
import { readPngInfoFromBase64 } from './png-header';
import {
  bool,
  IMAGE_TYPE_NAMES,
  imageString,
  isBase64Image,
  crossFieldCheck,
  wholeNumber,
  type AddIssue,
} from './field-rules';

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

const { Threshold, ImageSide } = IMAGE_EDIT_LIMITS;

const cutOutTuning = {
  ErodeSize: z._default(wholeNumber(IMAGE_EDIT_LIMITS.ErodeSize.min, IMAGE_EDIT_LIMITS.ErodeSize.max), IMAGE_EDIT_DEFAULTS.ErodeSize),
  ForegroundThreshold: z._default(wholeNumber(Threshold.min, Threshold.max), IMAGE_EDIT_DEFAULTS.ForegroundThreshold),
  BackgroundThreshold: z._default(wholeNumber(Threshold.min, Threshold.max), IMAGE_EDIT_DEFAULTS.BackgroundThreshold),
  HairOptimization: z._default(
    z.enum(HAIR_OPTIMIZATION_MODES, { error: mustBe(`must be one of ${HAIR_OPTIMIZATION_MODES.join(', ')}`) }),
    IMAGE_EDIT_DEFAULTS.HairOptimization,
  ),
  OnlyMask: z._default(bool(), IMAGE_EDIT_DEFAULTS.OnlyMask),
};

const boxError = mustBe('must be a list of four whole numbers [x1, y1, x2, y2] from 0: the corners of the subject in pixels');
const BoxSchema = z
  .array(z.number({ error: boxError }).check(z.int({ error: boxError }), z.gte(0, { error: boxError })), { error: boxError })
  .check(z.minLength(4, { error: boxError }), z.maxLength(4, { error: boxError }));

/** Checks one image's header: a PNG, JPEG or WebP of a sane size. Returns its size when it passes. */
function checkRawImage(image: unknown, path: (string | number)[], add: AddIssue): ImageDimensions | null {
  if (typeof image !== 'string' || !isBase64Image(image)) return null; // the field schema reports it
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

function checkRemoveBackground(value: Record<string, unknown>, add: AddIssue): void {
  checkThresholdOrder(value, add);
  const size = checkRawImage(value['RawImage'], ['RawImage'], add);
  if (size && value['Box'] !== undefined) checkBox(value['Box'], size, add);
}

function checkRemoveBackgroundsInBatch(value: Record<string, unknown>, add: AddIssue): void {
  checkThresholdOrder(value, add);
  const images = value['RawImages'];
  if (Array.isArray(images)) images.forEach((image, i) => checkRawImage(image, ['RawImages', i], add));
}

/**
 * The mask: a PNG (the lossless format, so black stays black) of exactly the raw image's size. A
 * grey PNG is monochrome by its header; whether a colour one is can only be told from its pixels
 * (checkImageEditPixelsAsync), so that check runs where the request is sent from.
 */
function checkRemoveContents(value: Record<string, unknown>, add: AddIssue): void {
  const size = checkRawImage(value['RawImage'], ['RawImage'], add);
  const mask = value['Mask'];
  if (typeof mask !== 'string' || !isBase64Image(mask)) return;
  const info = readPngInfoFromBase64(mask);
  if (!info) {
    add(['Mask'], 'mask_format', 'is not a readable PNG, but the mask must be a black-and-white PNG (white = the area to redraw)');
    return;
  }
  if (size && (info.width !== size.width || info.height !== size.height)) {
    add(['Mask'], 'mask_size', `is ${info.width} x ${info.height} pixels, but it must be the size of RawImage (${size.width} x ${size.height})`);
  }
}

function withCrossFieldCheck<S extends z.ZodMiniType>(schema: S, check: (value: Record<string, unknown>, add: AddIssue) => void): S {
  return schema.check(crossFieldCheck(check)) as S;
}

export const RemoveBackgroundParamsSchema = withCrossFieldCheck(
  z.strictObject({ RawImage: imageString(), Box: z.optional(BoxSchema), ...cutOutTuning }, { error: mustBe('must be an object') }),
  checkRemoveBackground,
);

export const RemoveBackgroundsInBatchParamsSchema = withCrossFieldCheck(
  z.strictObject(
    {
      RawImages: z
        .array(imageString(), { error: mustBe('must be a list of base64 images') })
        .check(
          z.minLength(IMAGE_EDIT_LIMITS.RawImages.min, { error: mustBe('must hold at least one image') }),
          z.maxLength(IMAGE_EDIT_LIMITS.RawImages.max, { error: mustBe(`must hold at most ${IMAGE_EDIT_LIMITS.RawImages.max} images: send the rest in another batch`) }),
        ),
      ...cutOutTuning,
    },
    { error: mustBe('must be an object') },
  ),
  checkRemoveBackgroundsInBatch,
);

export const RemoveContentsParamsSchema = withCrossFieldCheck(
  z.strictObject(
    {
      RawImage: imageString(),
      Mask: imageString(),
      InvertMask: z._default(bool(), IMAGE_EDIT_DEFAULTS.InvertMask),
      MaskBlur: z._default(wholeNumber(IMAGE_EDIT_LIMITS.MaskBlur.min, IMAGE_EDIT_LIMITS.MaskBlur.max), IMAGE_EDIT_DEFAULTS.MaskBlur),
    },
    { error: mustBe('must be an object') },
  ),
  checkRemoveContents,
);

export type RemoveBackgroundInput = z.input<typeof RemoveBackgroundParamsSchema>;
export type RemoveBackgroundParams = z.output<typeof RemoveBackgroundParamsSchema>;
export type RemoveBackgroundsInBatchInput = z.input<typeof RemoveBackgroundsInBatchParamsSchema>;
export type RemoveBackgroundsInBatchParams = z.output<typeof RemoveBackgroundsInBatchParamsSchema>;
export type RemoveContentsInput = z.input<typeof RemoveContentsParamsSchema>;
export type RemoveContentsParams = z.output<typeof RemoveContentsParamsSchema>;
