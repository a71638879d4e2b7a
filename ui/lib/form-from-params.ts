// Maps stored GenerateBackgrounds params (a job's or a "Regenerate" relaunch's) back onto the
// form: the exact inverse of build-generate-request, so rerunning a result rebuilds its body.
import { createSpecChecker } from '../../src/contract/spec-check';
import { FORM_HINTS_SPEC } from '../../src/contract/generated/ui-specs';
import { RESIZE_MODES } from '../../src/contract/resize-mode';
import type { ListModelsResponse } from '../../src/contract/schemas';
import { type FormParams, type SubModelEntry, type SubModelKind } from './form-params';

/** See FormHints in ./stored-form-schemas. */
export interface FormHints {
  subModelKinds?: SubModelKind[];
  reference?: { source: 'layer' | 'file'; layerId?: string };
}

export const FORM_HINTS_KEY = 'formHints';

const checkSpec = createSpecChecker({});

/** The hints for a body built from `form` (with the reference layer id, if one was used). */
export function formHintsOf(form: Pick<FormParams, 'subModels'>, reference?: { source: 'layer' | 'file'; layerId?: string }): FormHints {
  // Same filter as the body's SubModelList, so the kinds line up with its entries.
  const hints: FormHints = { subModelKinds: form.subModels.filter((entry) => entry.modelCode.trim() !== '').map((entry) => entry.kind) };
  if (reference) hints.reference = reference;
  return hints;
}

export function readFormHints(params: Record<string, unknown>): FormHints {
  const checked = checkSpec<FormHints>(FORM_HINTS_SPEC, params[FORM_HINTS_KEY]);
  return checked.success ? checked.data : {};
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** A bare sub-model's kind from the model catalogue (never LoRA: the form always gives a LoRA its weight). */
function catalogueKind(catalogue: ListModelsResponse | null | undefined, code: string): SubModelKind | undefined {
  if (!catalogue) return undefined;
  if (code in catalogue.HypernetworkModels) return 'hypernetwork';
  if (code in catalogue.EmbeddingModels) return 'embedding';
  return undefined;
}

/**
 * The form that rebuilds `params`. Fields the body carries are taken from it (absent lists become
 * empty, as the form sent them); the rest (area, output size, seed mode) stay as in `base`.
 * Sub-model kinds: a LoRA is what carries LoraWeight or trigger words; otherwise the stored hint,
 * then the model catalogue, then "embedding".
 */
export function formFromParams(base: FormParams, params: Record<string, unknown>, catalogue?: ListModelsResponse | null): FormParams {
  const next: FormParams = { ...base };
  const hints = readFormHints(params);
  next.prompt = list(params.PositivePrompts).join(', ');
  next.negativePrompt = list(params.NegativePrompts).join(', ');
  if (typeof params.BatchSize === 'number') next.batchSize = params.BatchSize;
  if (typeof params.TranslatePrompts === 'boolean') next.translatePrompts = params.TranslatePrompts;
  if (typeof params.UseMainModelVAE === 'boolean') next.useMainModelVAE = params.UseMainModelVAE;
  const main = record(params.MainModel);
  const mainParams = record(main.InferenceParams);
  if (typeof main.ModelCode === 'string') next.modelCode = main.ModelCode;
  if (typeof mainParams.Steps === 'number') next.steps = mainParams.Steps;
  const foreground = record(params.TransparentForeground);
  if (RESIZE_MODES.includes(foreground.ResizeMode as never)) next.resizeMode = foreground.ResizeMode as FormParams['resizeMode'];
  const reference = record(params.BackgroundImage2Image);
  if (typeof reference.ReferStrength === 'number') next.referStrength = reference.ReferStrength;
  next.subModels = (Array.isArray(params.SubModelList) ? params.SubModelList : []).flatMap((raw, i): SubModelEntry[] => {
    const model = record(raw);
    if (typeof model.ModelCode !== 'string') return [];
    const weight = record(model.InferenceParams).LoraWeight;
    const hinted = hints.subModelKinds?.[i];
    const isLora = model.TriggerWordList !== undefined || weight !== undefined;
    const kind: SubModelKind = isLora ? 'lora' : hinted && hinted !== 'lora' ? hinted : (catalogueKind(catalogue, model.ModelCode) ?? 'embedding');
    // The body has no LoraWeight for other kinds; the form's default keeps the slider sane.
    const entry: SubModelEntry = { kind, modelCode: model.ModelCode, weight: typeof weight === 'number' ? weight : 1, triggerWords: list(model.TriggerWordList).join(', ') };
    if (typeof model.Name === 'string') entry.name = model.Name;
    return [entry];
  });
  if (typeof params.Seed === 'number' && params.Seed >= 0) next.seed = params.Seed;
  return next;
}
