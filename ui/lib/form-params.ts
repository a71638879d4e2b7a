// The Generate form's values: defaults, and restoring remembered values (lastParams) safely,
// so an old or damaged record falls back to defaults field by field instead of breaking the form.
import * as z from 'zod/mini';
import { AREA_ASPECTS, AREA_KINDS, AREA_PADDINGS, PLACEMENTS, type AreaSpec, type Placement } from '../../src/protocol/shapes';
import { RESIZE_MODES, type ResizeMode } from '../../src/contract/resize-mode';
import type { OutputChoice } from './output-size';

export const SUB_MODEL_KINDS = ['lora', 'embedding', 'hypernetwork'] as const;
export type SubModelKind = (typeof SUB_MODEL_KINDS)[number];

export interface SubModelEntry {
  kind: SubModelKind;
  modelCode: string;
  name?: string;
  /** LoRA weight, -1..2 in steps of 0.01. */
  weight: number;
  /** Trigger words, comma or line separated (LoRA only). */
  triggerWords: string;
}

type SeedMode = 'random' | 'fixed';
type SizeChoice = OutputChoice | 'custom';
type ReferenceSource = 'none' | 'layer' | 'file';

export interface FormParams {
  prompt: string;
  negativePrompt: string;
  areaKind: AreaSpec['kind'];
  padding: NonNullable<AreaSpec['padding']>;
  aspect: NonNullable<AreaSpec['aspect']>;
  customAreaWidth: number;
  customAreaHeight: number;
  sizeChoice: SizeChoice;
  customWidth: number;
  customHeight: number;
  batchSize: number;
  seedMode: SeedMode;
  seed: number;
  steps: number;
  modelCode: string;
  subModels: SubModelEntry[];
  useMainModelVAE: boolean;
  translatePrompts: boolean;
  resizeMode: ResizeMode;
  placement: Placement;
  referenceSource: ReferenceSource;
  referStrength: number;
}

export const DEFAULT_MODEL_CODE = 'PICPIK General';

export const DEFAULT_FORM: FormParams = {
  prompt: '',
  negativePrompt: '',
  areaKind: 'frame',
  padding: 25,
  aspect: '1:1',
  customAreaWidth: 1080,
  customAreaHeight: 1080,
  sizeChoice: '1x',
  customWidth: 1024,
  customHeight: 1024,
  batchSize: 1,
  seedMode: 'random',
  seed: 42,
  steps: 10,
  modelCode: DEFAULT_MODEL_CODE,
  subModels: [],
  useMainModelVAE: false,
  translatePrompts: true,
  resizeMode: 'ResizeAndFill',
  placement: 'behind',
  referenceSource: 'none',
  referStrength: 0.5,
};

export function areaSpecOf(form: FormParams): AreaSpec {
  switch (form.areaKind) {
    case 'frame':
      return { kind: 'frame' };
    case 'layer':
      return { kind: 'layer', padding: form.padding };
    case 'aspect':
      return { kind: 'aspect', aspect: form.aspect };
    case 'custom':
      return { kind: 'custom', width: form.customAreaWidth, height: form.customAreaHeight };
  }
}

/** The inverse of areaSpecOf: the form fields that describe `spec`. */
export function areaFieldsOf(spec: AreaSpec): Partial<FormParams> {
  const fields: Partial<FormParams> = { areaKind: spec.kind };
  if (spec.padding !== undefined) fields.padding = spec.padding;
  if (spec.aspect !== undefined) fields.aspect = spec.aspect;
  if (spec.width !== undefined) fields.customAreaWidth = spec.width;
  if (spec.height !== undefined) fields.customAreaHeight = spec.height;
  return fields;
}

// ---- restoring remembered values ---------------------------------------------------------

const int = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));
const finite = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));

/** One remembered sub-model: an entry with a bad field is dropped as a whole. */
const StoredSubModel = z.object({
  kind: z.enum(SUB_MODEL_KINDS),
  modelCode: z.string().check(z.trim(), z.minLength(1)),
  name: z.optional(z.string()),
  weight: z._default(finite(-1, 2), 1),
  triggerWords: z._default(z.string(), ''),
});

/**
 * The rule of every remembered form field. Ranges are PICPIK's where the field goes into the body
 * (BatchSize 1..16, Steps 6..100, Seed 0..2^31-2, output sides 64..2560, ReferStrength 0..1, LoRA
 * weight -1..2) and the canvas' sane limits for area sizes. referenceSource is absent on purpose:
 * a reference image belongs to one selection and is never restored.
 */
export const STORED_FORM_FIELDS = {
  prompt: z.string(),
  negativePrompt: z.string(),
  areaKind: z.enum(AREA_KINDS),
  padding: z.literal(AREA_PADDINGS),
  aspect: z.enum(AREA_ASPECTS),
  customAreaWidth: finite(1, 100_000),
  customAreaHeight: finite(1, 100_000),
  sizeChoice: z.enum(['1x', '2x', 'draft', 'custom']),
  customWidth: int(64, 2560),
  customHeight: int(64, 2560),
  batchSize: int(1, 16),
  seedMode: z.enum(['random', 'fixed']),
  seed: int(0, 2147483646),
  steps: int(6, 100),
  modelCode: z.string().check(z.trim(), z.minLength(1)),
  subModels: z.array(z.unknown()),
  useMainModelVAE: z.boolean(),
  translatePrompts: z.boolean(),
  resizeMode: z.enum(RESIZE_MODES),
  placement: z.enum(PLACEMENTS),
  referStrength: finite(0, 1),
} satisfies { [K in Exclude<keyof FormParams, 'referenceSource'>]: z.ZodMiniType<unknown> };

type StoredField = keyof typeof STORED_FORM_FIELDS;

export interface RestoredForm {
  form: FormParams;
  /** Field paths whose remembered value broke its rule and fell back to the default. */
  dropped: string[];
}

/** Remembered values (any shape) checked field by field: valid ones kept, the rest defaulted. */
export function checkStoredForm(saved: unknown): RestoredForm {
  const s = (saved && typeof saved === 'object' && !Array.isArray(saved) ? saved : {}) as Record<string, unknown>;
  const form: FormParams = { ...DEFAULT_FORM, subModels: [] };
  const dropped: string[] = [];
  const target = form as unknown as Record<StoredField, unknown>;
  for (const field of Object.keys(STORED_FORM_FIELDS) as StoredField[]) {
    // A missing field is an older record, not damage: it takes the default quietly.
    if (s[field] === undefined) continue;
    const checked = z.safeParse(STORED_FORM_FIELDS[field], s[field]);
    if (checked.success) target[field] = checked.data;
    else dropped.push(field);
  }
  if (Array.isArray(s.subModels)) {
    form.subModels = s.subModels.flatMap((raw, i): SubModelEntry[] => {
      const checked = z.safeParse(StoredSubModel, raw);
      if (checked.success) return [checked.data];
      dropped.push(`subModels[${i}]`);
      return [];
    });
  }
  return { form, dropped };
}

/** checkStoredForm, saying in the console which remembered fields were dropped. */
export function restoreFormParams(saved: unknown): FormParams {
  const { form, dropped } = checkStoredForm(saved);
  if (dropped.length > 0) console.warn(`backdrop: remembered form fields reset to defaults (invalid): ${dropped.join(', ')}`);
  return form;
}
