// Parameters of PICPIK's image-editing actions: RemoveBackground and RemoveBackgroundsInBatch (cut
// the subject out) and RemoveContents (erase a masked area and redraw what is behind it). Ranges,
// defaults and required fields are those of PICPIK's api-reference tables (docs/picpik-image-edit.md);
// the header checks (./image-edit-rules) are Backdrop's, so a request that cannot succeed never costs a call.
import * as z from 'zod/mini';
import { mustBe } from './issues';
import { bool, crossFieldCheck, imageString, wholeNumber, type AddIssue, type FieldRejected } from './field-rules';
import { checkRemoveBackground, checkRemoveBackgroundsInBatch, checkRemoveContents, HAIR_OPTIMIZATION_MODES, IMAGE_EDIT_DEFAULTS, IMAGE_EDIT_LIMITS } from './image-edit-rules';

export { IMAGE_EDIT_DEFAULTS, type HairOptimization } from './image-edit-rules';

const { Threshold } = IMAGE_EDIT_LIMITS;

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

function withCrossFieldCheck<S extends z.ZodMiniType>(schema: S, check: (value: Record<string, unknown>, add: AddIssue, rejected: FieldRejected) => void): S {
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
