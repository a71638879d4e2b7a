import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkStoredForm, DEFAULT_FORM, restoreFormParams, STORED_FORM_FIELDS } from '../../../ui/lib/form-params';

afterEach(() => vi.restoreAllMocks());

describe('checkStoredForm', () => {
  it('keeps every valid remembered field', () => {
    const saved = {
      prompt: 'neon', negativePrompt: 'blur', areaKind: 'aspect', padding: 50, aspect: '16:9', customAreaWidth: 1200, customAreaHeight: 800,
      sizeChoice: 'custom', customWidth: 1280, customHeight: 720, batchSize: 16, seedMode: 'fixed', seed: 2147483646, steps: 100,
      modelCode: 'PICPIK Photo', subModels: [{ kind: 'hypernetwork', modelCode: 'hyper-soft', name: 'Soft', weight: -1, triggerWords: '' }],
      useMainModelVAE: true, translatePrompts: false, resizeMode: 'JustResize', placement: 'bottom', referStrength: 1,
    };
    const { form, dropped } = checkStoredForm(saved);
    expect(dropped).toEqual([]);
    expect(form).toEqual({ ...saved, referenceSource: 'none' });
  });

  it('drops wrong types, out-of-range numbers and unknown sub-model kinds field by field', () => {
    const { form, dropped } = checkStoredForm({
      prompt: 42,
      negativePrompt: 'grain',
      areaKind: 'circle',
      padding: 33,
      batchSize: 40,
      steps: 6.5,
      seed: -5,
      customWidth: 3000,
      customHeight: '720',
      referStrength: 1.5,
      modelCode: '   ',
      translatePrompts: 'yes',
      resizeMode: 'Stretch',
      placement: 'bottom',
      subModels: [
        { kind: 'lora', modelCode: 'lora-a', weight: 0.5 },
        { kind: 'controlnet', modelCode: 'cn-1', weight: 1, triggerWords: '' },
        { kind: 'lora', modelCode: 'lora-b', weight: 5, triggerWords: '' },
        'garbage',
      ],
      referenceSource: 'file',
    });
    expect(dropped.sort()).toEqual(
      ['prompt', 'areaKind', 'padding', 'batchSize', 'steps', 'seed', 'customWidth', 'customHeight', 'referStrength', 'modelCode', 'translatePrompts', 'resizeMode', 'subModels[1]', 'subModels[2]', 'subModels[3]'].sort(),
    );
    expect(form).toEqual({
      ...DEFAULT_FORM,
      negativePrompt: 'grain',
      placement: 'bottom',
      subModels: [{ kind: 'lora', modelCode: 'lora-a', weight: 0.5, triggerWords: '' }],
    });
  });

  it('treats a missing field as an older record, and any non-object as nothing remembered', () => {
    expect(checkStoredForm({ prompt: 'beach' })).toEqual({ form: { ...DEFAULT_FORM, prompt: 'beach' }, dropped: [] });
    for (const saved of [undefined, null, 'x', 3, ['prompt']]) expect(checkStoredForm(saved)).toEqual({ form: DEFAULT_FORM, dropped: [] });
  });

  it('has a rule for every form field but the reference source', () => {
    expect(Object.keys(STORED_FORM_FIELDS).sort()).toEqual(Object.keys(DEFAULT_FORM).filter((key) => key !== 'referenceSource').sort());
  });
});

describe('restoreFormParams', () => {
  it('names the dropped fields in one console warning and does not throw', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const form = restoreFormParams({ batchSize: 'many', steps: 500, subModels: [{ kind: 'mystery', modelCode: 'x' }], prompt: 'kitchen' });
    expect(form.prompt).toBe('kitchen');
    expect(form.batchSize).toBe(DEFAULT_FORM.batchSize);
    expect(form.steps).toBe(DEFAULT_FORM.steps);
    expect(form.subModels).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/batchSize, steps, subModels\[0\]/);
  });

  it('stays quiet for a clean record', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    restoreFormParams({ prompt: 'kitchen' });
    expect(warn).not.toHaveBeenCalled();
  });
});
