// GenerateBackgrounds' rules that are plain code: the defaults and limits, the step tests, the
// cross-field rules and the normalisation to the table's shape. No zod here, so the plugin UI's
// generated checker runs these very functions; ./generate-backgrounds-schema builds the zod schema.
import type * as z from 'zod/mini';
import type { GenerateBackgroundsInputValue, GenerateBackgroundsTableSchema, RequestModel } from './generate-backgrounds-schema';
import { readPngInfoFromBase64, sniffBase64ImageType } from './png-header';
import type { ResizeMode } from './resize-mode';
import { IMAGE_TYPE_NAMES, isOnStep, isRecord, plural, type AddIssue, type FieldRejected } from './value-tests';

type GenerateBackgroundsTable = z.output<typeof GenerateBackgroundsTableSchema>;

/**
 * Choices where picpik-api.md is ambiguous, all here:
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
export const PICPIK_DEFAULTS = {
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

/** LoraWeight's step of 0.01. */
export function isOnLoraWeightStep(value: number): boolean {
  return isOnStep(value, PICPIK_LIMITS.LoraWeight.step);
}

/** Resolution's step of 64. */
export function isOnResolutionStep(value: number): boolean {
  return value % PICPIK_LIMITS.Resolution.step === 0;
}

/**
 * Cross-field rules. Runs even when other fields failed, so it reads its input defensively and
 * only reports what it can judge.
 */
export function checkGenerateBackgrounds(value: Record<string, unknown>, add: AddIssue, rejected: FieldRejected): void {
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
export function normaliseGenerateBackgrounds(input: GenerateBackgroundsInputValue): GenerateBackgroundsTable {
  const { TransparentImageIndexList, TransparentForeground, BackgroundImage2Image, MainModel, SubModelList, ...rest } = input;
  const resizeModeValue: ResizeMode =
    TransparentForeground?.ResizeMode ?? BackgroundImage2Image?.ResizeMode ?? PICPIK_DEFAULTS.ResizeMode;
  const foregroundIndex = TransparentForeground?.ImageIndex ?? TransparentImageIndexList?.[0] ?? 0;
  const out: GenerateBackgroundsTable = {
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
