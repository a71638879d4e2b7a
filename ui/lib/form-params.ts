// The Generate form's values: defaults, and restoring remembered values (lastParams) safely,
// so an old or damaged record falls back to defaults field by field instead of breaking the form.
import { createSpecChecker, type CheckSpec } from '../../src/contract/spec-check';
import type { AreaSpec, Placement } from '../../src/protocol/shapes';
import type { ResizeMode } from '../../src/contract/resize-mode';
import { STORED_FORM_FIELD_SPECS, STORED_SUB_MODEL_SPEC } from '../../src/contract/generated/ui-specs';
import type { SubModelKind } from './sub-model-kinds';
import type { OutputChoice } from './output-size';

export type { SubModelKind } from './sub-model-kinds';

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

/**
 * The rule of every remembered form field (see ./stored-form-schemas), as check specs: the UI
 * checks remembered values without bundling zod.
 */
export const STORED_FORM_FIELDS = STORED_FORM_FIELD_SPECS as { [K in Exclude<keyof FormParams, 'referenceSource'>]: CheckSpec };
const checkSpec = createSpecChecker({});

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
    const checked = checkSpec(STORED_FORM_FIELDS[field], s[field]);
    if (checked.success) target[field] = checked.data;
    else dropped.push(field);
  }
  if (Array.isArray(s.subModels)) {
    form.subModels = s.subModels.flatMap((raw, i): SubModelEntry[] => {
      const checked = checkSpec<SubModelEntry>(STORED_SUB_MODEL_SPEC, raw);
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
