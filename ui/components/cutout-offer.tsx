// Shown when a selected layer is opaque (a photo): cut the subject out first, alone or followed
// by generating with the cut-out, plus the cut-out's tuning in plain words.
import { IMAGE_EDIT_LIMITS, type HairOptimization } from '../../src/contract/image-edit-rules';
import { useApp } from './app-context';
import { NumberField, SelectField } from './fields';
import { Button } from './button';

const HAIR_OPTIONS = [
  { value: 'auto', text: 'Automatic' },
  { value: 'on', text: 'Keep fine strands' },
  { value: 'off', text: 'Off (hard edges)' },
];

export function CutoutOffer() {
  const app = useApp();
  if (app.opaqueLayers.value.length === 0) return null;
  const tuning = app.cutout.tuning.value;
  const { min, max } = IMAGE_EDIT_LIMITS.ErodeSize;
  return (
    <div class="note cutout-offer">
      <div class="row">
        <Button secondary disabled={app.generating.value} onClick={() => void app.cutout.removeBackgroundAsync(false)}>
          Remove background
        </Button>
        <Button disabled={app.generating.value} onClick={() => void app.cutout.removeBackgroundAsync(true)}>
          Remove background, then generate
        </Button>
      </div>
      {app.cutout.problems.value.length > 0 ? (
        <ul class="issues" aria-label="Why Remove background did not start">
          {app.cutout.problems.value.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <details>
        <summary>Cut-out settings</summary>
        <NumberField
          label={`Edge erosion (px shaved off the edge, ${min}-${max})`}
          value={tuning.ErodeSize}
          min={min}
          max={max}
          onChange={(value) => app.cutout.setTuning({ ErodeSize: Math.max(min, Math.min(max, Math.round(value))) })}
        />
        <SelectField label="Hair and fur" value={tuning.HairOptimization} options={HAIR_OPTIONS} onChange={(value) => app.cutout.setTuning({ HairOptimization: value as HairOptimization })} />
      </details>
    </div>
  );
}
