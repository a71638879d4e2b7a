import { describe, expect, it } from 'vitest';
import { assembleGenerateBody, paramsWithoutImages, type GenerateForm } from '../../../ui/lib/build-generate-request';
import { DEFAULT_FORM, type FormParams } from '../../../ui/lib/form-params';
import { FORM_HINTS_KEY, formFromParams, formHintsOf } from '../../../ui/lib/form-from-params';
import { ListModelsResponseSchema } from '../../../src/contract/schemas';

const FOREGROUND = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const FORM: FormParams = {
  ...DEFAULT_FORM,
  prompt: 'marble table, soft light',
  negativePrompt: 'blurry, text',
  batchSize: 4,
  steps: 25,
  modelCode: 'PICPIK Photo',
  useMainModelVAE: true,
  translatePrompts: false,
  resizeMode: 'CropAndResize',
  referStrength: 0.35,
  subModels: [
    { kind: 'lora', modelCode: 'lora-gloss', name: 'Gloss', weight: 0.7, triggerWords: 'glossy, wet' },
    { kind: 'lora', modelCode: 'lora-plain', weight: -0.25, triggerWords: '' },
    { kind: 'embedding', modelCode: 'emb-film', name: 'Film look', weight: 1, triggerWords: '' },
    { kind: 'hypernetwork', modelCode: 'hyper-soft', weight: 1, triggerWords: '' },
  ],
};

function bodyOf(form: FormParams, seed: number, withReference = false) {
  const generate: GenerateForm = { ...form, width: 1024, height: 768, resolvedSeed: seed };
  return assembleGenerateBody(generate, FOREGROUND, withReference ? FOREGROUND : undefined);
}

describe('formFromParams', () => {
  it('round-trips form -> body -> form with exact sub-model kinds (LoRA, embedding, hypernetwork)', () => {
    const body = bodyOf(FORM, 1234, true);
    const params = { ...paramsWithoutImages(body), [FORM_HINTS_KEY]: formHintsOf(FORM) };
    const back = formFromParams(DEFAULT_FORM, params);
    expect(back).toEqual({ ...FORM, seed: 1234 });
    // ... and the rebuilt body is the original one.
    expect(bodyOf(back, 1234, true)).toEqual(body);
  });

  it('without hints, tells embeddings from hypernetworks by the model catalogue', () => {
    const params = paramsWithoutImages(bodyOf(FORM, 5));
    const catalogue = ListModelsResponseSchema.parse({
      Action: 'ListModelsResponse', RetCode: 0,
      EmbeddingModels: { 'emb-film': { Name: 'Film look' } },
      HypernetworkModels: { 'hyper-soft': { Name: 'Soft' } },
    });
    expect(formFromParams(DEFAULT_FORM, params, catalogue).subModels.map((entry) => entry.kind)).toEqual(['lora', 'lora', 'embedding', 'hypernetwork']);
  });

  it('clears the lists the body leaves out instead of keeping the current form\'s', () => {
    const bare = paramsWithoutImages(bodyOf({ ...DEFAULT_FORM }, 9));
    const back = formFromParams({ ...FORM }, bare);
    expect(back).toMatchObject({ prompt: '', negativePrompt: '', subModels: [], seed: 9 });
  });

  it('ignores damaged hints and values of the wrong type', () => {
    const params = { ...paramsWithoutImages(bodyOf(FORM, 3)), [FORM_HINTS_KEY]: { subModelKinds: ['controlnet'] }, BatchSize: 'four', MainModel: 'x' };
    const back = formFromParams(DEFAULT_FORM, params);
    expect(back.batchSize).toBe(DEFAULT_FORM.batchSize);
    expect(back.modelCode).toBe(DEFAULT_FORM.modelCode);
    expect(back.subModels.map((entry) => entry.kind)).toEqual(['lora', 'lora', 'embedding', 'embedding']);
  });
});
