import { describe, expect, it } from 'vitest';
import { splitPrompts } from '../../../ui/lib/split-prompts';
import { SCENE_PRESETS } from '../../../ui/lib/scene-presets';

describe('splitPrompts', () => {
  it('splits on commas and new lines, trimming and dropping empty entries', () => {
    expect(splitPrompts('studio, soft light\nwhite floor,, \r\n  ')).toEqual(['studio', 'soft light', 'white floor']);
    expect(splitPrompts('')).toEqual([]);
  });
});

describe('scene presets', () => {
  it('offers at least 8 scenes with the required ones, each with a prompt', () => {
    expect(SCENE_PRESETS.length).toBeGreaterThanOrEqual(8);
    const labels = SCENE_PRESETS.map((preset) => preset.label.toLowerCase());
    for (const wanted of ['studio', 'marble', 'beach', 'kitchen', 'forest', 'neon', 'pastel', 'luxury']) expect(labels).toContain(wanted);
    for (const preset of SCENE_PRESETS) expect(splitPrompts(preset.prompt).length).toBeGreaterThan(0);
  });
});
