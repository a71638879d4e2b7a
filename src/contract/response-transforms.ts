// The two rewrites PICPIK's responses get before their schemas apply. No zod here, so the plugin
// UI's generated checker runs these very functions.
import { isRecord } from './value-tests';

/** A TaskDetail spelling `ErrorMessage` gets it copied to `ErrorMassage` when that is absent. */
export function withErrorMassage(value: unknown): unknown {
  return isRecord(value) && value['ErrorMassage'] === undefined && typeof value['ErrorMessage'] === 'string'
    ? { ...value, ErrorMassage: value['ErrorMessage'] }
    : value;
}

/** A ListModels map's models with ModelCode, falling back to the map key when absent. */
export function withModelCodes<M extends { ModelCode?: string }>(map: Record<string, M>): Record<string, M & { ModelCode: string }> {
  const out: Record<string, M & { ModelCode: string }> = {};
  for (const [key, model] of Object.entries(map)) out[key] = { ...model, ModelCode: model.ModelCode ?? key };
  return out;
}
