// GenerateBackgrounds' parameters as zod schemas, per PICPIK's API documentation: the fields, with
// the cross-field rules, the normalisation to the table's shape and PICPIK_DEFAULTS (every choice
// where the docs disagree) in ./generate-backgrounds-rules. The relay and the emulator reach them
// through ./action-table (PICPIK_ACTION_TABLE); the plugin UI checks its requests with the spec
// generated from them (./spec-checks).
import * as z from 'zod/mini';
import { mustBe } from './issues';
import { bool, crossFieldCheck, decimal, imageIndex, imageString, resizeMode, text, textList, wholeNumber } from './field-rules';
import { checkGenerateBackgrounds, isOnLoraWeightStep, isOnResolutionStep, normaliseGenerateBackgrounds, PICPIK_DEFAULTS, PICPIK_LIMITS } from './generate-backgrounds-rules';

export { PICPIK_LIMITS } from './generate-backgrounds-rules';

const InferenceParamsSchema = z.strictObject(
  {
    LoraWeight: z.optional(
      decimal(-1, 2).check(
        z.refine(isOnLoraWeightStep, {
          error: mustBe('must be a number between -1 and 2 in steps of 0.01'),
          params: { rule: 'range' },
        }),
      ),
    ),
    Resolution: z.optional(
      wholeNumber(64, 2048, ' in steps of 64').check(
        z.refine(isOnResolutionStep, {
          error: mustBe('must be a whole number between 64 and 2048 in steps of 64'),
          params: { rule: 'range' },
        }),
      ),
    ),
    ControlWeight: z.optional(decimal(0, 2)),
    StartingStep: z.optional(decimal(0, 1)),
    EndingStep: z.optional(decimal(0, 1)),
    Steps: z.optional(wholeNumber(6, 100)),
  },
  { error: mustBe('must be an object such as {"LoraWeight": 1}') },
);

/** A model as sent in a request. */
const ModelSchema = z.strictObject(
  {
    ModelCode: text().check(z.minLength(1, { error: 'must not be empty: use a code from ListModels' })),
    Name: z.optional(text()),
    IsOfficial: z.optional(bool()),
    TriggerWordList: z.optional(textList('["watercolor"]')),
    InferenceParams: z.optional(InferenceParamsSchema),
  },
  { error: mustBe('must be an object such as {"ModelCode": "..."}') },
);
export type RequestModel = z.output<typeof ModelSchema>;

/** Image2Image as accepted on input: the seed example also carries ResizeMode here. */
const Image2ImageInputSchema = z.strictObject(
  {
    ImageIndex: imageIndex(),
    ReferStrength: z._default(decimal(0, 1), PICPIK_DEFAULTS.ReferStrength),
    ResizeMode: z.optional(resizeMode()),
  },
  { error: mustBe('must be an object such as {"ImageIndex": 1, "ReferStrength": 0.5}') },
);

/** Image2Image as sent (the table's shape). */
const Image2ImageSchema = z.strictObject({
  ImageIndex: imageIndex(),
  ReferStrength: z._default(decimal(0, 1), PICPIK_DEFAULTS.ReferStrength),
});

/** Foreground as accepted on input (ResizeMode may instead come from BackgroundImage2Image). */
const ForegroundInputSchema = z.strictObject(
  {
    ImageIndex: imageIndex(),
    ResizeMode: z.optional(resizeMode()),
  },
  { error: mustBe('must be an object such as {"ImageIndex": 0}') },
);

/** Foreground as sent (the table's shape). */
const ForegroundSchema = z.strictObject({
  ImageIndex: imageIndex(),
  ResizeMode: z._default(resizeMode(), PICPIK_DEFAULTS.ResizeMode),
});

const ImageListSchema = z
  .array(imageString(), { error: mustBe('must be a list of base64 images') })
  .check(z.minLength(1, { error: mustBe('must hold at least one image: the transparent foreground') }));

// ---------------------------------------------------------------------------------------------
// GenerateBackgrounds.

const generateBackgroundsShape = {
  MainModel: ModelSchema,
  SubModelList: z.optional(z.array(ModelSchema, { error: mustBe('must be a list of models') })),
  PositivePrompts: z.optional(textList('["a sunlit kitchen"]')),
  NegativePrompts: z.optional(textList('["blurry"]')),
  TranslatePrompts: z._default(bool(), PICPIK_DEFAULTS.TranslatePrompts),
  Seed: z._default(wholeNumber(PICPIK_LIMITS.Seed.min, PICPIK_LIMITS.Seed.max, '', '-1 (random)'), PICPIK_DEFAULTS.Seed),
  Width: z._default(wholeNumber(PICPIK_LIMITS.Size.min, PICPIK_LIMITS.Size.max), PICPIK_DEFAULTS.Width),
  Height: z._default(wholeNumber(PICPIK_LIMITS.Size.min, PICPIK_LIMITS.Size.max), PICPIK_DEFAULTS.Height),
  BatchSize: z._default(wholeNumber(PICPIK_LIMITS.BatchSize.min, PICPIK_LIMITS.BatchSize.max), PICPIK_DEFAULTS.BatchSize),
  UseMainModelVAE: z._default(bool(), PICPIK_DEFAULTS.UseMainModelVAE),
  ImageList: ImageListSchema,
};

/** The table's shape, as sent to PICPIK (after normalisation). */
export const GenerateBackgroundsTableSchema = z.strictObject({
  ...generateBackgroundsShape,
  BackgroundImage2Image: z.optional(Image2ImageSchema),
  TransparentForeground: ForegroundSchema,
});

/** Accepted input: the table's shape or the seed example's (see PICPIK_DEFAULTS's comment). */
const GenerateBackgroundsInputObject = z.strictObject(
  {
    ...generateBackgroundsShape,
    BackgroundImage2Image: z.optional(Image2ImageInputSchema),
    TransparentForeground: z.optional(ForegroundInputSchema),
    TransparentImageIndexList: z.optional(
      z.array(imageIndex(), { error: mustBe('must be a list holding one image index, e.g. [0]') }),
    ),
  },
  { error: mustBe('must be an object') },
);
export type GenerateBackgroundsInputValue = z.output<typeof GenerateBackgroundsInputObject>;

/** GenerateBackgrounds parameters: table or seed shape in, normalised table shape out. */
export const GenerateBackgroundsParamsSchema = z.pipe(
  GenerateBackgroundsInputObject.check(crossFieldCheck(checkGenerateBackgrounds)),
  z.transform(normaliseGenerateBackgrounds),
);

export type GenerateBackgroundsInput = z.input<typeof GenerateBackgroundsParamsSchema>;
export type GenerateBackgroundsParams = z.output<typeof GenerateBackgroundsParamsSchema>;
