// GenerateBackgrounds' parameters as zod schemas, per PICPIK's API documentation: the fields, the
// cross-field rules and the normalisation to the table's shape, with every choice where the docs
// disagree kept in PICPIK_DEFAULTS. The plugin UI checks its requests with these before sending;
// the relay and the emulator reach them through ./action-table (PICPIK_ACTION_TABLE).
import * as z from 'zod/mini';
import { mustBe } from './issues';
import { readPngInfoFromBase64, sniffBase64ImageType } from './png-header';
import { type ResizeMode } from './resize-mode';
import { bool, decimal, IMAGE_TYPE_NAMES, imageIndex, imageString, isOnStep, isRecord, plural, rejectedFields, resizeMode, text, textList, wholeNumber } from './field-rules';

/**
 * Choices where PICPIK's API documentation is ambiguous, all here:
 * - Width/Height default to 1024 (current docs), not the foreground size (older docs).
 * - ReferStrength defaults to 0.5 (current docs), not 0.3 (older docs / seed example).
 * - Steps (main model only) is 6..100 and defaults to 10, from the older docs; the default is
 *   applied only to the MainModel, whose InferenceParams the seed's example carries.
 * - LoraWeight defaults to 1 only for sub-models recognisable as LoRA: those with a
 *   TriggerWordList (documented as LoRA-only). Embedding/HyperNetwork models get no params.
 * - Seed shape: `TransparentImageIndexList` must hold exactly one index; sending it together with
 *   `TransparentForeground` is rejected. `ResizeMode` may sit in TransparentForeground or in
 *   BackgroundImage2Image (seed example); both set to different values is rejected.
 * - Request objects are strict at every level, so only documented fields are signed and sent.
 * - TaskDetail: a response spelling `ErrorMessage` is copied to `ErrorMassage` when that is absent.
 */
const PICPIK_DEFAULTS = {
  TranslatePrompts: true,
  Seed: -1,
  Width: 1024,
  Height: 1024,
  BatchSize: 1,
  UseMainModelVAE: false,
  ReferStrength: 0.5,
  ResizeMode: 'ResizeAndFill' as ResizeMode,
  LoraWeight: 1,
  Steps: 10,
} as const;

export const PICPIK_LIMITS = {
  Seed: { min: -1, max: 2147483647 },
  Size: { min: 64, max: 2560 },
  BatchSize: { min: 1, max: 16 },
  ReferStrength: { min: 0, max: 1 },
  LoraWeight: { min: -1, max: 2, step: 0.01 },
  Resolution: { min: 64, max: 2048, step: 64 },
  ControlWeight: { min: 0, max: 2 },
  Steps: { min: 6, max: 100 },
  TaskUIDList: { min: 1, max: 100 },
} as const;
const InferenceParamsSchema = z.strictObject(
  {
    LoraWeight: z.optional(
      decimal(-1, 2).check(
        z.refine((v) => isOnStep(v, 0.01), {
          error: mustBe('must be a number between -1 and 2 in steps of 0.01'),
          params: { rule: 'range' },
        }),
      ),
    ),
    Resolution: z.optional(
      wholeNumber(64, 2048, ' in steps of 64').check(
        z.refine((v) => v % 64 === 0, {
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
type GenerateBackgroundsInputValue = z.output<typeof GenerateBackgroundsInputObject>;

/**
 * Cross-field rules. Runs even when other fields failed, so it reads its input defensively and
 * only reports what it can judge.
 */
function checkGenerateBackgrounds(value: Record<string, unknown>, ctx: z.core.$RefinementCtx): void {
  const rejected = rejectedFields(ctx);
  const add = (path: (string | number)[], rule: string, message: string) =>
    ctx.addIssue({ code: 'custom', path, message, params: { rule }, input: undefined });

  const imageList = Array.isArray(value['ImageList']) ? (value['ImageList'] as unknown[]) : null;
  const foreground = value['TransparentForeground'];
  const indexList = value['TransparentImageIndexList'];
  const reference = value['BackgroundImage2Image'];

  // Which field names the foreground, and where.
  let foregroundIndex: unknown;
  let foregroundPath: (string | number)[] = ['TransparentForeground', 'ImageIndex'];
  if (foreground !== undefined && indexList !== undefined) {
    add(['TransparentImageIndexList'], 'conflict', 'conflicts with TransparentForeground: send only TransparentForeground');
    return;
  }
  if (foreground === undefined && indexList === undefined) {
    add(['TransparentForeground'], 'required', 'is required: it names the transparent cut-out in ImageList, e.g. {"ImageIndex": 0}');
  } else if (isRecord(foreground)) {
    foregroundIndex = foreground['ImageIndex'];
  } else if (Array.isArray(indexList)) {
    if (indexList.length !== 1) {
      add(['TransparentImageIndexList'], 'length', `must hold exactly one image index, e.g. [0] (got ${plural(indexList.length, 'index')
        .replace('indexs', 'indexes')})`);
    } else {
      foregroundIndex = indexList[0];
      foregroundPath = ['TransparentImageIndexList', 0];
    }
  }

  const foregroundMode = isRecord(foreground) ? foreground['ResizeMode'] : undefined;
  const referenceMode = isRecord(reference) ? reference['ResizeMode'] : undefined;
  if (foregroundMode !== undefined && referenceMode !== undefined && foregroundMode !== referenceMode) {
    add(['BackgroundImage2Image', 'ResizeMode'], 'conflict', `conflicts with TransparentForeground.ResizeMode: set it only in TransparentForeground`);
  }

  if (!imageList || imageList.length === 0) return;
  const imageAt = (index: unknown, path: (string | number)[]): string | null => {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return null;
    if (index >= imageList.length) {
      add(path, 'image_index', `points to image ${index} but ImageList has ${plural(imageList.length, 'image')} (the first is 0)`);
      return null;
    }
    const image = imageList[index];
    return typeof image === 'string' && !rejected(['ImageList', index]) ? image : null;
  };

  const foregroundImage = imageAt(foregroundIndex, foregroundPath);
  if (foregroundImage !== null) {
    const i = foregroundIndex as number;
    const type = sniffBase64ImageType(foregroundImage);
    const info = type === 'png' ? readPngInfoFromBase64(foregroundImage) : null;
    if (type !== 'png') {
      add(['ImageList', i], 'foreground_png', `is ${type ? IMAGE_TYPE_NAMES[type] : 'not a recognisable image'}, but the foreground (${foregroundPath[0]}) must be a PNG with an alpha channel: export the layer as PNG`);
    } else if (!info) {
      add(['ImageList', i], 'foreground_png', `is not a readable PNG, but the foreground (${foregroundPath[0]}) must be a PNG with an alpha channel: export the layer again`);
    } else if (!info.hasAlphaChannel) {
      add(['ImageList', i], 'foreground_alpha', `is a PNG without an alpha channel, but the foreground (${foregroundPath[0]}) must be transparent: export the layer with a transparent background`);
    }
  }

  if (isRecord(reference)) {
    const index = reference['ImageIndex'];
    const referenceImage = imageAt(index, ['BackgroundImage2Image', 'ImageIndex']);
    if (referenceImage !== null && sniffBase64ImageType(referenceImage) === null) {
      add(['ImageList', index as number], 'image_format', 'is not a PNG, JPEG, GIF or WebP image, but BackgroundImage2Image points to it: use one of those formats');
    }
  }
}

function isLoraSubModel(model: RequestModel): boolean {
  return model.TriggerWordList !== undefined;
}

/** Seed/table input -> the table's shape, with the defaults listed in PICPIK_DEFAULTS. */
function normaliseGenerateBackgrounds(input: GenerateBackgroundsInputValue): z.output<typeof GenerateBackgroundsTableSchema> {
  const { TransparentImageIndexList, TransparentForeground, BackgroundImage2Image, MainModel, SubModelList, ...rest } = input;
  const resizeModeValue: ResizeMode =
    TransparentForeground?.ResizeMode ?? BackgroundImage2Image?.ResizeMode ?? PICPIK_DEFAULTS.ResizeMode;
  const foregroundIndex = TransparentForeground?.ImageIndex ?? TransparentImageIndexList?.[0] ?? 0;
  const out: z.output<typeof GenerateBackgroundsTableSchema> = {
    ...rest,
    MainModel: {
      ...MainModel,
      InferenceParams: { Steps: PICPIK_DEFAULTS.Steps, ...MainModel.InferenceParams },
    },
    TransparentForeground: { ImageIndex: foregroundIndex, ResizeMode: resizeModeValue },
  };
  if (SubModelList !== undefined) {
    out.SubModelList = SubModelList.map((model) =>
      isLoraSubModel(model)
        ? { ...model, InferenceParams: { LoraWeight: PICPIK_DEFAULTS.LoraWeight, ...model.InferenceParams } }
        : model,
    );
  }
  if (BackgroundImage2Image !== undefined) {
    out.BackgroundImage2Image = { ImageIndex: BackgroundImage2Image.ImageIndex, ReferStrength: BackgroundImage2Image.ReferStrength };
  }
  return out;
}

/** GenerateBackgrounds parameters: table or seed shape in, normalised table shape out. */
export const GenerateBackgroundsParamsSchema = z.pipe(
  GenerateBackgroundsInputObject.check(
    z.superRefine((value, ctx) => checkGenerateBackgrounds(value as unknown as Record<string, unknown>, ctx), {
      when: (payload) => isRecord(payload.value),
    }),
  ),
  z.transform(normaliseGenerateBackgrounds),
);

export type GenerateBackgroundsInput = z.input<typeof GenerateBackgroundsParamsSchema>;
export type GenerateBackgroundsParams = z.output<typeof GenerateBackgroundsParamsSchema>;
