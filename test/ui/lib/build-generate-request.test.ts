import { describe, expect, it } from 'vitest';
import { buildGenerateRequest, paramsWithoutImages, type GenerateForm } from '../../../ui/lib/build-generate-request';
import { DEFAULT_FORM, restoreFormParams } from '../../../ui/lib/form-params';
import { encodePngAsync } from '../../../ui/lib/png';
import { bytesToBase64 } from '../../../src/contract/png-header';

async function transparentPngAsync(): Promise<Uint8Array> {
  const rgba = new Uint8Array(8 * 8 * 4);
  rgba.set([255, 0, 0, 255], 0);
  return encodePngAsync({ width: 8, height: 8, rgba });
}

function form(patch: Partial<GenerateForm> = {}): GenerateForm {
  return { ...DEFAULT_FORM, width: 1024, height: 768, resolvedSeed: 1234, ...patch };
}

describe('buildGenerateRequest', () => {
  it('builds the exact table-shaped body for a plain form', async () => {
    const png = await transparentPngAsync();
    const result = buildGenerateRequest(form({ prompt: 'marble table, soft light', negativePrompt: 'blurry' }), png);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.body).toEqual({
      Action: 'GenerateBackgrounds',
      MainModel: { ModelCode: 'PICPIK General', InferenceParams: { Steps: 10 } },
      PositivePrompts: ['marble table', 'soft light'],
      NegativePrompts: ['blurry'],
      TranslatePrompts: true,
      Seed: 1234,
      Width: 1024,
      Height: 768,
      BatchSize: 1,
      UseMainModelVAE: false,
      TransparentForeground: { ImageIndex: 0, ResizeMode: 'ResizeAndFill' },
      ImageList: [`data:image/png;base64,${bytesToBase64(png)}`],
    });
  });

  it('adds sub-models (LoRA weight and trigger words; embedding and hypernetwork by code) and a reference image', async () => {
    const png = await transparentPngAsync();
    const reference = await encodePngAsync({ width: 2, height: 2, rgba: new Uint8Array(16).fill(200) });
    const result = buildGenerateRequest(
      form({
        prompt: 'beach',
        batchSize: 4,
        steps: 30,
        useMainModelVAE: true,
        translatePrompts: false,
        resizeMode: 'CropAndResize',
        referStrength: 0.3,
        subModels: [
          { kind: 'lora', modelCode: 'lora-sunset', name: 'Sunset', weight: 0.7500001, triggerWords: 'golden hour, warm' },
          { kind: 'embedding', modelCode: 'emb-1', weight: 1, triggerWords: 'ignored' },
          { kind: 'hypernetwork', modelCode: 'hn-2', weight: 1, triggerWords: '' },
          { kind: 'lora', modelCode: '  ', weight: 1, triggerWords: '' },
        ],
      }),
      png,
      reference,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.body.SubModelList).toEqual([
      { ModelCode: 'lora-sunset', Name: 'Sunset', TriggerWordList: ['golden hour', 'warm'], InferenceParams: { LoraWeight: 0.75 } },
      { ModelCode: 'emb-1' },
      { ModelCode: 'hn-2' },
    ]);
    expect(result.body.BackgroundImage2Image).toEqual({ ImageIndex: 1, ReferStrength: 0.3 });
    expect(result.body.ImageList).toHaveLength(2);
    expect(result.body.ImageList[1]).toBe(`data:image/png;base64,${bytesToBase64(reference)}`);
    expect(result.body).toMatchObject({ BatchSize: 4, UseMainModelVAE: true, TranslatePrompts: false, MainModel: { InferenceParams: { Steps: 30 } } });
    expect(result.body.TransparentForeground).toEqual({ ImageIndex: 0, ResizeMode: 'CropAndResize' });
    expect(paramsWithoutImages(result.body)).not.toHaveProperty('ImageList');
  });

  it('reports field errors from the contract schema before anything is sent', async () => {
    const png = await transparentPngAsync();
    const result = buildGenerateRequest(form({ batchSize: 17, steps: 3, width: 3000, resolvedSeed: -5, modelCode: '' }), png);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['BatchSize', 'MainModel.InferenceParams.Steps', 'Width', 'Seed', 'MainModel.ModelCode']));
    expect(result.issues.find((issue) => issue.path === 'BatchSize')?.message).toMatch(/between 1 and 16/);
  });

  it('rejects a foreground without an alpha channel', async () => {
    const { default: sharp } = await import('sharp');
    const jpeg = new Uint8Array(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).jpeg().toBuffer());
    const result = buildGenerateRequest(form(), jpeg);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.path).toBe('ImageList[0]');
  });
});

describe('restoreFormParams', () => {
  it('merges remembered values over the defaults field by field, ignoring damaged ones', () => {
    const restored = restoreFormParams({ prompt: 'neon', batchSize: 4, seedMode: 'bogus', subModels: [{ modelCode: 'x', kind: 'lora', weight: 0.5 }, 3], referenceSource: 'file' });
    expect(restored.prompt).toBe('neon');
    expect(restored.batchSize).toBe(4);
    expect(restored.seedMode).toBe('random');
    expect(restored.subModels).toEqual([{ kind: 'lora', modelCode: 'x', weight: 0.5, triggerWords: '' }]);
    expect(restored.referenceSource).toBe('none');
    expect(restoreFormParams(undefined)).toEqual(DEFAULT_FORM);
  });
});
