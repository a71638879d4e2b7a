// Ready-made scenes that fill the prompt fields: a quick start for common product backdrops.

export interface ScenePreset {
  id: string;
  label: string;
  prompt: string;
  negativePrompt: string;
}

const COMMON_NEGATIVE = 'blurry, low quality, watermark, text, distorted';

export const SCENE_PRESETS: readonly ScenePreset[] = [
  { id: 'studio', label: 'Studio', prompt: 'clean photo studio, seamless paper backdrop, soft box lighting, subtle floor shadow', negativePrompt: COMMON_NEGATIVE },
  { id: 'marble', label: 'Marble', prompt: 'white marble tabletop, soft daylight, elegant, minimal', negativePrompt: COMMON_NEGATIVE },
  { id: 'beach', label: 'Beach', prompt: 'sunny beach, fine sand, turquoise sea, summer light', negativePrompt: `${COMMON_NEGATIVE}, people` },
  { id: 'kitchen', label: 'Kitchen counter', prompt: 'modern kitchen counter, warm morning light, blurred background', negativePrompt: COMMON_NEGATIVE },
  { id: 'forest', label: 'Forest', prompt: 'mossy forest floor, sun rays through trees, shallow depth of field', negativePrompt: COMMON_NEGATIVE },
  { id: 'neon', label: 'Neon', prompt: 'dark room, neon lights, pink and blue glow, reflective floor', negativePrompt: COMMON_NEGATIVE },
  { id: 'pastel', label: 'Pastel', prompt: 'pastel colour blocks, geometric podium, soft shadows', negativePrompt: COMMON_NEGATIVE },
  { id: 'luxury', label: 'Luxury', prompt: 'luxury black velvet, gold accents, dramatic spot light', negativePrompt: COMMON_NEGATIVE },
  { id: 'concrete', label: 'Concrete', prompt: 'raw concrete wall and floor, urban, diffuse light', negativePrompt: COMMON_NEGATIVE },
  { id: 'botanical', label: 'Botanical', prompt: 'green leaves and plants around, bright natural light', negativePrompt: COMMON_NEGATIVE },
];

export function findScenePreset(id: string): ScenePreset | undefined {
  return SCENE_PRESETS.find((preset) => preset.id === id);
}
