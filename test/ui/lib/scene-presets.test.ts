import { describe, expect, it } from 'vitest';
import { applyScenePreset, isScenePresetInPrompt, SCENE_PRESETS } from '../../../ui/lib/scene-presets';

const beach = SCENE_PRESETS.find((preset) => preset.id === 'beach')!;

describe('applyScenePreset', () => {
  it('adds the scene\'s words to what is typed, once, and keeps the negative prompt\'s own words', () => {
    const once = applyScenePreset({ prompt: 'red sneaker on a towel', negativePrompt: 'logo' }, beach, 'add');
    expect(once.prompt).toBe('red sneaker on a towel, sunny beach, fine sand, turquoise sea, summer light');
    expect(once.negativePrompt).toBe('logo, blurry, low quality, watermark, text, distorted, people');
    expect(isScenePresetInPrompt(once.prompt, beach)).toBe(true);
  });

  it('takes the scene\'s words out again when the chosen tile is pressed a second time', () => {
    const added = applyScenePreset({ prompt: 'red sneaker', negativePrompt: '' }, beach, 'add');
    expect(applyScenePreset(added, beach, 'add').prompt).toBe('red sneaker');
  });

  it('replaces both prompts when asked to', () => {
    expect(applyScenePreset({ prompt: 'anything', negativePrompt: 'logo' }, beach, 'replace')).toEqual({ prompt: beach.prompt, negativePrompt: beach.negativePrompt });
  });
});
