// The selected layer(s) drawn over the chosen area, with sizes, clamp notes and the warnings a
// designer needs before sending: no cut-out, a layer inside a main component, and layers the
// background would hide.
import { Button } from '@create-figma-plugin/ui';
import { useApp } from './app-context';
import { CutoutOffer } from './cutout-offer';

function size(box: { width: number; height: number }): string {
  return `${Math.round(box.width)} x ${Math.round(box.height)}`;
}

export function PreviewPanel() {
  const app = useApp();
  const planned = app.plannedJobs.value;
  const preview = app.preview.value;
  const first = planned[0];
  if (!first) {
    return <div class="preview-empty">{app.selection.value.problem ?? 'Select a cut-out layer (a layer with transparent areas) to begin'}</div>;
  }
  const hidden = app.hiddenLayers.value;
  const placement = app.form.value.placement;
  return (
    <div class="preview">
      <div class="preview-frame" style={{ aspectRatio: `${first.plan.area.width} / ${first.plan.area.height}` }}>
        {preview ? <img src={preview.dataUrl} alt={`Preview of ${first.layerNames.join(', ')} over the area`} /> : null}
      </div>
      <div class="preview-sizes">
        {planned.length > 1 ? `${planned.length} jobs · ` : ''}
        Area {size(first.plan.area)} · Output {size(first.plan.output)} px
      </div>
      {preview?.opaqueLayers.map((name) => (
        <div class="warning" role="alert" key={name}>
          {name}: {app.NO_CUTOUT_TEXT}
        </div>
      ))}
      <CutoutOffer />
      {planned.flatMap((job) => job.notes.map((note) => <div class="note" key={job.key + note}>{note}</div>))}
      {planned.map((job) => {
        const component = app.selection.value.groups.find((group) => group.key === job.key)?.mainComponent;
        if (!component) return null;
        if (placement === 'outside') {
          return (
            <div class="note" key={`component-${job.key}`}>
              The background goes behind {component.name}, outside the component; it shows where the component has no fill.
            </div>
          );
        }
        return (
          <div class="warning" role="alert" key={`component-${job.key}`}>
            {job.layerNames.join(', ')} {job.layerNames.length > 1 ? 'are' : 'is'} inside the main component {component.name}
            {component.variant ? ' (a variant)' : ''}: a background placed there appears in every instance.
            <div class="row">
              <Button secondary onClick={() => app.updateForm({ placement: 'outside' })}>
                Place outside the component
              </Button>
            </div>
          </div>
        );
      })}
      {planned.map((job) => {
        const names = hidden[job.key] ?? [];
        if (names.length === 0) return null;
        return (
          <div class="warning" role="alert" key={`hidden-${job.key}`}>
            The background would hide {names.map((node) => node.name).join(', ')}. Select them too, or place it at the bottom of the frame.
            <div class="row">
              <Button
                secondary
                onClick={() => void app.selectLayersAsync([...job.plan.layerIds, ...names.map((node) => node.id)])}
              >
                Select them too
              </Button>
              <Button secondary onClick={() => app.updateForm({ placement: 'bottom' })}>
                Place at bottom
              </Button>
            </div>
          </div>
        );
      })}
    </div>
  );
}
