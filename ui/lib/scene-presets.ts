// Ready-made scenes for common product backdrops: their words for the prompt, and a small picture
// of each drawn in CSS (gradients), so the tiles cost no download and no bytes of image data.
import { splitPrompts } from './split-prompts';

export interface ScenePreset {
  id: string;
  /** Short enough to show whole under a tile at five a row in Figma's 360 px panel. */
  label: string;
  prompt: string;
  negativePrompt: string;
  /** A CSS background that suggests the scene: the tile's picture. */
  picture: string;
}

const COMMON_NEGATIVE = 'blurry, low quality, watermark, text, distorted';

export const SCENE_PRESETS: readonly ScenePreset[] = [
  { id: 'studio', label: 'Studio', prompt: 'clean photo studio, seamless paper backdrop, soft box lighting, subtle floor shadow', negativePrompt: COMMON_NEGATIVE,
    picture: 'radial-gradient(at 50% 90%,#aaa5 20%,#0000 50%),linear-gradient(#f4f2ef,#d9d5cf)' },
  { id: 'marble', label: 'Marble', prompt: 'white marble tabletop, soft daylight, elegant, minimal', negativePrompt: COMMON_NEGATIVE,
    picture: 'linear-gradient(120deg,#0000 45%,#c6c9d0 47%,#0000 50%),linear-gradient(#fbfbfc,#e6e7ea)' },
  { id: 'beach', label: 'Beach', prompt: 'sunny beach, fine sand, turquoise sea, summer light', negativePrompt: `${COMMON_NEGATIVE}, people`,
    picture: 'linear-gradient(#8fd3f4 40%,#2bb3c0 0 58%,#f1dcae 0)' },
  { id: 'kitchen', label: 'Kitchen', prompt: 'modern kitchen counter, warm morning light, blurred background', negativePrompt: COMMON_NEGATIVE,
    picture: 'linear-gradient(#eadcc8 55%,#8f6b4a 0 62%,#c8a27c 0)' },
  { id: 'forest', label: 'Forest', prompt: 'mossy forest floor, sun rays through trees, shallow depth of field', negativePrompt: COMMON_NEGATIVE,
    picture: 'linear-gradient(100deg,#0000 45%,#fe9a 50%,#0000 56%),linear-gradient(#2f5d3a,#6b8e3a)' },
  { id: 'neon', label: 'Neon', prompt: 'dark room, neon lights, pink and blue glow, reflective floor', negativePrompt: COMMON_NEGATIVE,
    picture: 'radial-gradient(at 30% 40%,#ff3fa4,#0000 40%),radial-gradient(at 70% 40%,#3f8cff,#0000 40%),#120a24' },
  { id: 'pastel', label: 'Pastel', prompt: 'pastel colour blocks, geometric podium, soft shadows', negativePrompt: COMMON_NEGATIVE,
    picture: 'linear-gradient(#0000 70%,#f4e3b5 0),linear-gradient(90deg,#f9c8d9 50%,#c9e4f6 0)' },
  { id: 'luxury', label: 'Luxury', prompt: 'luxury black velvet, gold accents, dramatic spot light', negativePrompt: COMMON_NEGATIVE,
    picture: 'radial-gradient(at 50% 30%,#6a5530,#0000 50%),linear-gradient(#1b1b1f 70%,#b08d3c 0 74%,#0c0c0c 0)' },
  { id: 'concrete', label: 'Concrete', prompt: 'raw concrete wall and floor, urban, diffuse light', negativePrompt: COMMON_NEGATIVE,
    picture: 'linear-gradient(#a4a4a2 62%,#8a8a88 0)' },
  { id: 'botanical', label: 'Botanical', prompt: 'green leaves and plants around, bright natural light', negativePrompt: COMMON_NEGATIVE,
    picture: 'radial-gradient(at 15% 30%,#3f9b4f 22%,#0000 24%),radial-gradient(at 85% 65%,#2f7d3d 24%,#0000 26%),#eef6e8' },
];

export type PresetMode = 'add' | 'replace';

const key = (entry: string) => entry.trim().toLowerCase();

/** Whether every word of the preset's prompt is in `prompt`: the tile then shows as chosen. */
export function isScenePresetInPrompt(prompt: string, preset: ScenePreset): boolean {
  const have = new Set(splitPrompts(prompt).map(key));
  return splitPrompts(preset.prompt).every((entry) => have.has(key(entry)));
}

function appendEntries(text: string, entries: readonly string[]): string {
  const have = new Set(splitPrompts(text).map(key));
  const added = entries.filter((entry) => !have.has(key(entry)));
  if (added.length === 0) return text;
  const base = text.trim().replace(/,$/, '');
  return base === '' ? added.join(', ') : `${base}, ${added.join(', ')}`;
}

function removeEntries(text: string, entries: readonly string[]): string {
  const drop = new Set(entries.map(key));
  return splitPrompts(text)
    .filter((entry) => !drop.has(key(entry)))
    .join(', ');
}

/**
 * The prompts after choosing a preset. "add" appends its words the prompts lack (and a chosen
 * preset chosen again takes its prompt words out); "replace" puts exactly the preset's prompts.
 */
export function applyScenePreset(prompts: { prompt: string; negativePrompt: string }, preset: ScenePreset, mode: PresetMode): { prompt: string; negativePrompt: string } {
  if (mode === 'replace') return { prompt: preset.prompt, negativePrompt: preset.negativePrompt };
  if (isScenePresetInPrompt(prompts.prompt, preset)) return { prompt: removeEntries(prompts.prompt, splitPrompts(preset.prompt)), negativePrompt: prompts.negativePrompt };
  return { prompt: appendEntries(prompts.prompt, splitPrompts(preset.prompt)), negativePrompt: appendEntries(prompts.negativePrompt, splitPrompts(preset.negativePrompt)) };
}
