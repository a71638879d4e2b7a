// The UI checks every GenerateBackgrounds body before sending it; the relay checks it again. Both
// must give the same verdict with the same words: a corpus of valid and invalid bodies, each built
// the way the UI builds them, checked by the UI and sent to a real relay over the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleGenerateBody, validateGenerateBody, type GenerateBackgroundsBody, type GenerateForm } from '../../../ui/lib/build-generate-request';
import { DEFAULT_FORM } from '../../../ui/lib/form-params';
import { base64ToBytes } from '../../../src/contract/png-header';
import type { RunningEmulator } from '../../../src/emulator/serve';
import type { RunningRelay } from '../../../src/relay/serve';
import { authHeaders, startRelayOverEmulatorAsync, type TestImages } from '../../relay/relay-fixtures';

let images: TestImages;
let emulator: RunningEmulator;
let relay: RunningRelay;

beforeAll(async () => {
  ({ images, emulator, relay } = await startRelayOverEmulatorAsync({ deps: { log: () => {} } }));
});

afterAll(async () => {
  await relay?.close();
  await emulator?.closeAsync();
});

const bytesOf = (dataUrl: string) => base64ToBytes(dataUrl.slice(dataUrl.indexOf(',') + 1));

function form(patch: Partial<GenerateForm> = {}): GenerateForm {
  return { ...DEFAULT_FORM, prompt: 'a sunlit kitchen counter', width: 256, height: 256, resolvedSeed: 1234, ...patch };
}

/** A body as the UI assembles it from a form, then changed the way a bug or a stale form could. */
function body(patch: Partial<GenerateForm> = {}, change?: (draft: Record<string, unknown>) => void, reference?: string): GenerateBackgroundsBody {
  const assembled = assembleGenerateBody(form(patch), bytesOf(images.transparentPng), reference ? bytesOf(reference) : undefined) as unknown as Record<string, unknown>;
  change?.(assembled);
  return assembled as unknown as GenerateBackgroundsBody;
}

interface Entry {
  name: string;
  body: GenerateBackgroundsBody;
  valid: boolean;
  /**
   * Refused by the relay's own image check (it reads each image's header before the contract's
   * schema runs) in its own words: the verdict and the field must still agree.
   */
  relayImageCheck?: true;
}

function corpus(): Entry[] {
  const lora = { id: 'l1', kind: 'lora' as const, modelCode: 'watercolor-lora', name: 'Watercolor', triggerWords: 'watercolor', weight: 0.8 };
  return [
    { name: 'plain form', body: body(), valid: true },
    { name: 'no prompt', body: body({ prompt: '' }), valid: true },
    { name: 'fixed seed, 4 variations, 20 steps', body: body({ resolvedSeed: 99, batchSize: 4, steps: 20 }), valid: true },
    { name: 'a LoRA sub-model', body: body({ subModels: [lora] }), valid: true },
    { name: 'a reference image (JPEG)', body: body({ referStrength: 0.3 }, undefined, images.jpeg), valid: true },
    { name: 'largest output', body: body({ width: 2560, height: 2560 }), valid: true },
    { name: 'random seed (-1)', body: body({ resolvedSeed: -1 }), valid: true },
    { name: 'width under 64', body: body({ width: 32 }), valid: false },
    { name: 'height over 2560', body: body({ height: 4096 }), valid: false },
    { name: 'fractional width', body: body({ width: 300.5 }), valid: false },
    { name: 'seed over the limit', body: body({ resolvedSeed: 2147483648 }), valid: false },
    { name: 'seed under -1', body: body({ resolvedSeed: -2 }), valid: false },
    { name: 'batch of 17', body: body({ batchSize: 17 }), valid: false },
    { name: 'batch of 0', body: body({ batchSize: 0 }), valid: false },
    { name: '5 steps', body: body({ steps: 5 }), valid: false },
    { name: '101 steps', body: body({ steps: 101 }), valid: false },
    { name: 'no model code', body: body({ modelCode: '  ' }), valid: false },
    { name: 'LoRA weight over 2', body: body({ subModels: [{ ...lora, weight: 2.5 }] }), valid: false },
    { name: 'refer strength over 1', body: body({ referStrength: 1.5 }, undefined, images.jpeg), valid: false },
    { name: 'unknown resize mode', body: body({ resizeMode: 'Stretch' as GenerateForm['resizeMode'] }), valid: false },
    { name: 'opaque foreground', body: body({}, (draft) => ((draft.ImageList as string[])[0] = images.opaquePng)), valid: false },
    { name: 'JPEG foreground', body: body({}, (draft) => ((draft.ImageList as string[])[0] = images.jpeg)), valid: false },
    { name: 'foreground not base64', body: body({}, (draft) => ((draft.ImageList as string[])[0] = 'data:image/png;base64,@@@')), valid: false, relayImageCheck: true },
    { name: 'reference index past the list', body: body({}, (draft) => (draft.BackgroundImage2Image = { ImageIndex: 1, ReferStrength: 0.5 })), valid: false },
    { name: 'no images', body: body({}, (draft) => (draft.ImageList = [])), valid: false },
    { name: 'unknown field', body: body({}, (draft) => (draft.Quality = 'high')), valid: false },
    { name: 'prompt list holding a number', body: body({}, (draft) => (draft.PositivePrompts = ['kitchen', 7])), valid: false },
    { name: 'TranslatePrompts as text', body: body({}, (draft) => (draft.TranslatePrompts = 'yes')), valid: false },
    { name: 'no foreground', body: body({}, (draft) => delete draft.TransparentForeground), valid: false },
    { name: 'several problems at once', body: body({ width: 10, height: 9000, batchSize: 40, steps: 1 }), valid: false },
    { name: 'an embedding sub-model (no params)', body: body({ subModels: [{ ...lora, kind: 'embedding', triggerWords: '' }] }), valid: true },
    { name: 'negative prompts', body: body({ negativePrompt: 'blurry, text' }), valid: true },
    { name: 'smallest output, fractional refer strength', body: body({ width: 64, height: 64, referStrength: 0.01 }, undefined, images.jpeg), valid: true },
    { name: 'LoRA weight off the 0.01 step', body: body({}, (draft) => (draft.SubModelList = [{ ModelCode: 'watercolor-lora', TriggerWordList: ['w'], InferenceParams: { LoraWeight: 0.555 } }])), valid: false },
    { name: 'fractional steps', body: body({ steps: 10.5 }), valid: false },
    { name: 'batch size as text', body: body({}, (draft) => (draft.BatchSize = '4')), valid: false },
    { name: 'unknown field inside MainModel', body: body({}, (draft) => ((draft.MainModel as Record<string, unknown>).Quality = 'high')), valid: false },
    { name: 'empty sub-model code', body: body({}, (draft) => (draft.SubModelList = [{ ModelCode: '' }])), valid: false },
    { name: 'negative prompt list holding null', body: body({}, (draft) => (draft.NegativePrompts = [null])), valid: false },
    { name: 'foreground index as text', body: body({}, (draft) => (draft.TransparentForeground = { ImageIndex: '0', ResizeMode: 'CropAndResize' })), valid: false },
    { name: 'foreground and index list together', body: body({}, (draft) => (draft.TransparentImageIndexList = [0])), valid: false },
    { name: 'two resize modes that differ', body: body({ resizeMode: 'JustResize' }, (draft) => (draft.BackgroundImage2Image = { ImageIndex: 1, ReferStrength: 0.5, ResizeMode: 'CropAndResize' }), images.jpeg), valid: false },
    { name: 'reference that is not an image', body: body({}, (draft) => { draft.BackgroundImage2Image = { ImageIndex: 1, ReferStrength: 0.5 }; (draft.ImageList as string[]).push('data:image/png;base64,AAAA'); }), valid: false, relayImageCheck: true },
    { name: 'MainModel missing', body: body({}, (draft) => delete draft.MainModel), valid: false },
    { name: 'seed as a float', body: body({ resolvedSeed: 12.5 }), valid: false },
  ];
}

describe('the UI and the relay judge GenerateBackgrounds bodies alike', () => {
  it('holds valid and invalid bodies', () => {
    const all = corpus();
    expect(all.filter((entry) => entry.valid).length).toBeGreaterThanOrEqual(5);
    expect(all.filter((entry) => !entry.valid).length).toBeGreaterThanOrEqual(20);
  });

  it('gives the same verdict, field and words for every body of the corpus', async () => {
    for (const entry of corpus()) {
      const ui = validateGenerateBody(entry.body);
      const response = await fetch(`${relay.url}/`, { method: 'POST', headers: authHeaders(), body: JSON.stringify(entry.body) });
      const answer = (await response.json()) as { RetCode: number; Message: string; Field?: string };
      expect(ui.ok, entry.name).toBe(entry.valid);
      expect(response.status, `${entry.name}: ${answer.Message}`).toBe(entry.valid ? 200 : 400);
      expect(answer.RetCode, entry.name).toBe(entry.valid ? 0 : 90400);
      if (ui.ok) continue;
      // The relay shows the first five issues, in the UI's order and words, and names the first field.
      const shown = ui.issues.slice(0, 5).map((issue) => issue.message);
      if (ui.issues.length > 5) shown.push(`and ${ui.issues.length - 5} more`);
      if (!entry.relayImageCheck) expect(answer.Message, entry.name).toBe(shown.join('; '));
      expect(answer.Field, entry.name).toBe(ui.issues[0]?.path || undefined);
      for (const issue of ui.issues) expect(issue.message, entry.name).toMatch(/^[A-Z][\w.[\]]* /);
    }
  });
});
