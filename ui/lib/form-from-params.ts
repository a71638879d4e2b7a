// Maps stored GenerateBackgrounds params (a job's or a "Regenerate" relaunch's) back onto the
// form, so rerunning a result starts from exactly what produced it.
import { RESIZE_MODES } from '../../src/contract/resize-mode';
import type { FormParams, SubModelEntry } from './form-params';

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function formFromParams(base: FormParams, params: Record<string, unknown>): FormParams {
  const next: FormParams = { ...base };
  const positive = list(params.PositivePrompts);
  const negative = list(params.NegativePrompts);
  if (positive.length > 0) next.prompt = positive.join(', ');
  if (negative.length > 0) next.negativePrompt = negative.join(', ');
  if (typeof params.BatchSize === 'number') next.batchSize = params.BatchSize;
  if (typeof params.TranslatePrompts === 'boolean') next.translatePrompts = params.TranslatePrompts;
  if (typeof params.UseMainModelVAE === 'boolean') next.useMainModelVAE = params.UseMainModelVAE;
  const main = params.MainModel as { ModelCode?: unknown; InferenceParams?: { Steps?: unknown } } | undefined;
  if (main && typeof main.ModelCode === 'string') next.modelCode = main.ModelCode;
  if (main && typeof main.InferenceParams?.Steps === 'number') next.steps = main.InferenceParams.Steps;
  const foreground = params.TransparentForeground as { ResizeMode?: unknown } | undefined;
  if (foreground && RESIZE_MODES.includes(foreground.ResizeMode as never)) next.resizeMode = foreground.ResizeMode as FormParams['resizeMode'];
  if (Array.isArray(params.SubModelList)) {
    next.subModels = params.SubModelList.flatMap((raw): SubModelEntry[] => {
      const model = raw as { ModelCode?: unknown; Name?: unknown; TriggerWordList?: unknown; InferenceParams?: { LoraWeight?: unknown } };
      if (typeof model.ModelCode !== 'string') return [];
      const isLora = model.TriggerWordList !== undefined || model.InferenceParams?.LoraWeight !== undefined;
      const entry: SubModelEntry = {
        kind: isLora ? 'lora' : 'embedding',
        modelCode: model.ModelCode,
        weight: typeof model.InferenceParams?.LoraWeight === 'number' ? model.InferenceParams.LoraWeight : 1,
        triggerWords: list(model.TriggerWordList).join(', '),
      };
      if (typeof model.Name === 'string') entry.name = model.Name;
      return [entry];
    });
  }
  if (typeof params.Seed === 'number' && params.Seed >= 0) next.seed = params.Seed;
  return next;
}
