// Scene presets as picture tiles: a tile adds its words to the prompt (a chosen tile shows as
// pressed and takes them out again); "Replace" makes a tile set both prompts to exactly its own.
import { useState } from './hooks';
import { applyScenePreset, isScenePresetInPrompt, SCENE_PRESETS, type PresetMode } from '../lib/scene-presets';
import { useApp } from './app-context';

export function SceneTiles() {
  const app = useApp();
  const form = app.form.value;
  const [mode, setMode] = useState<PresetMode>('add');
  return (
    <div class="scenes">
      <div class="scenes-head">
        <span class="field-label" id="scenes-label">
          Scenes
        </span>
        <button
          type="button"
          class="scenes-mode"
          aria-pressed={mode === 'replace'}
          title={mode === 'replace' ? 'On: a scene replaces the prompt' : 'Off: a scene is added to the prompt'}
          onClick={() => setMode(mode === 'replace' ? 'add' : 'replace')}
        >
          Replace prompt
        </button>
      </div>
      <div class="scene-tiles" role="group" aria-labelledby="scenes-label">
        {SCENE_PRESETS.map((preset) => {
          const chosen = isScenePresetInPrompt(form.prompt, preset);
          return (
            <button
              type="button"
              key={preset.id}
              class={chosen ? 'scene-tile chosen' : 'scene-tile'}
              aria-pressed={chosen}
              title={preset.prompt}
              // The form as it is at the click, not as this render saw it.
              onClick={() => app.updateForm(applyScenePreset(app.form.value, preset, mode))}
            >
              <span class="scene-picture" style={{ background: preset.picture }} aria-hidden="true" />
              <span class="scene-label">{preset.label}</span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
