// The rules of remembered form values (lastParams) and of a job's form hints, as zod schemas. Build
// time only: build/generate-ui-specs.ts turns them into specs in src/contract/generated/ui-specs.ts,
// which the panel checks with (src/contract/spec-check.ts), so the UI bundle carries no zod.
import * as z from 'zod/mini';
import { RESIZE_MODES } from '../../src/contract/resize-mode';
import { AREA_ASPECTS, AREA_KINDS, AREA_PADDINGS, PLACEMENTS } from '../../src/protocol/area-choices';
import type { FormParams } from './form-params';
import { SUB_MODEL_KINDS } from './sub-model-kinds';

const int = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));
const finite = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));

/** One remembered sub-model: an entry with a bad field is dropped as a whole. */
export const StoredSubModel = z.object({
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

/**
 * What the body cannot say but a rerun needs, kept beside the body in a job's params under
 * FORM_HINTS_KEY (never sent: requests are always rebuilt from the form). Embedding and
 * hypernetwork sub-models are both encoded as a bare `{ ModelCode, Name? }`, so their kinds are
 * kept here, one per SubModelList entry; the reference says where BackgroundImage2Image came from.
 */
export const FormHintsSchema = z.object({
  subModelKinds: z.optional(z.array(z.enum(SUB_MODEL_KINDS))),
  reference: z.optional(z.object({ source: z.enum(['layer', 'file']), layerId: z.optional(z.string()) })),
});
