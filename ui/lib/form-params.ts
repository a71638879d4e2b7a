// The Generate form's values: defaults, and restoring remembered values (lastParams) safely,
// so an old or damaged record falls back to defaults field by field instead of breaking the form.
import type { AreaSpec, Placement } from '../../src/protocol/shapes';
import { RESIZE_MODES, type ResizeMode } from '../../src/contract/resize-mode';
import type { OutputChoice } from './output-size';

export type SubModelKind = 'lora' | 'embedding' | 'hypernetwork';

export interface SubModelEntry {
  kind: SubModelKind;
  modelCode: string;
  name?: string;
  /** LoRA weight, -1..2 in steps of 0.01. */
  weight: number;
  /** Trigger words, comma or line separated (LoRA only). */
  triggerWords: string;
}

export type SeedMode = 'random' | 'fixed';
export type SizeChoice = OutputChoice | 'custom';
export type ReferenceSource = 'none' | 'layer' | 'file';

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

function pick<T>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function restoreSubModel(value: unknown): SubModelEntry | null {
  if (!value || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  const modelCode = str(record.modelCode, '');
  if (!modelCode) return null;
  const entry: SubModelEntry = {
    kind: pick(record.kind, ['lora', 'embedding', 'hypernetwork'] as const, 'lora'),
    modelCode,
    weight: num(record.weight, 1),
    triggerWords: str(record.triggerWords, ''),
  };
  if (typeof record.name === 'string') entry.name = record.name;
  return entry;
}

/** Remembered values (any shape) merged over the defaults, field by field. */
export function restoreFormParams(saved: unknown): FormParams {
  const s = (saved && typeof saved === 'object' ? saved : {}) as Record<string, unknown>;
  const d = DEFAULT_FORM;
  return {
    prompt: str(s.prompt, d.prompt),
    negativePrompt: str(s.negativePrompt, d.negativePrompt),
    areaKind: pick(s.areaKind, ['frame', 'layer', 'aspect', 'custom'] as const, d.areaKind),
    padding: pick(s.padding, [0, 10, 25, 50] as const, d.padding),
    aspect: pick(s.aspect, ['1:1', '4:5', '3:2', '16:9', '9:16'] as const, d.aspect),
    customAreaWidth: num(s.customAreaWidth, d.customAreaWidth),
    customAreaHeight: num(s.customAreaHeight, d.customAreaHeight),
    sizeChoice: pick(s.sizeChoice, ['1x', '2x', 'draft', 'custom'] as const, d.sizeChoice),
    customWidth: num(s.customWidth, d.customWidth),
    customHeight: num(s.customHeight, d.customHeight),
    batchSize: num(s.batchSize, d.batchSize),
    seedMode: pick(s.seedMode, ['random', 'fixed'] as const, d.seedMode),
    seed: num(s.seed, d.seed),
    steps: num(s.steps, d.steps),
    modelCode: str(s.modelCode, d.modelCode) || d.modelCode,
    subModels: Array.isArray(s.subModels) ? s.subModels.map(restoreSubModel).filter((m): m is SubModelEntry => m !== null) : [],
    useMainModelVAE: bool(s.useMainModelVAE, d.useMainModelVAE),
    translatePrompts: bool(s.translatePrompts, d.translatePrompts),
    resizeMode: pick(s.resizeMode, RESIZE_MODES, d.resizeMode),
    placement: pick(s.placement, ['behind', 'bottom'] as const, d.placement),
    // A reference image is per selection: never restored.
    referenceSource: 'none',
    referStrength: num(s.referStrength, d.referStrength),
  };
}
