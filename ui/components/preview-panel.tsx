// The selected layer(s) drawn over each job's area, with sizes, clamp notes and the warnings a
// designer needs before sending: no cut-out, a layer inside a main component, and layers the
// background would hide. With nothing usable selected, an empty state that says what to select.
import type { PlannedJob } from '../state/app-state';
import { useApp } from './app-context';
import { CutoutOffer } from './cutout-offer';
import { Button } from './button';

function size(box: { width: number; height: number }): string {
  return `${Math.round(box.width)} x ${Math.round(box.height)}`;
}

/** A cut-out standing in front of a scene: what the empty state asks the designer to select. */
function EmptyPicture() {
  return (
    <svg class="empty-picture" width="72" height="56" viewBox="0 0 72 56" aria-hidden="true">
      <rect x="1" y="1" width="70" height="54" rx="4" fill="none" stroke="currentColor" stroke-dasharray="4 3" />
      <path d="M1 40 L22 24 L36 34 L50 20 L71 38 L71 55 L1 55 Z" fill="currentColor" opacity="0.18" />
      <rect x="28" y="12" width="16" height="32" rx="6" fill="currentColor" opacity="0.55" />
    </svg>
  );
}

function JobPreview(props: { job: PlannedJob; many: boolean }) {
  const app = useApp();
  const { job } = props;
  const drawn = app.previews.value[job.key];
  return (
    <figure class="preview-job" data-testid={`preview-${job.key}`}>
      <div class="preview-frame" style={{ aspectRatio: `${job.plan.area.width} / ${job.plan.area.height}` }}>
        {drawn ? <img src={drawn.dataUrl} alt={`Preview of ${job.layerNames.join(', ')} over the area`} /> : null}
      </div>
      <figcaption class="preview-sizes">
        {props.many ? `${job.sourceLabel}: ` : ''}
        Area {size(job.plan.area)} · Output {size(job.plan.output)} px
      </figcaption>
    </figure>
  );
}

export function PreviewPanel() {
  const app = useApp();
  const planned = app.plannedJobs.value;
  if (planned.length === 0) {
    return (
      <div class="preview-empty" data-testid="empty-state">
        <EmptyPicture />
        <p>{app.selection.value.problem ? `${app.selection.value.problem}.` : ''} Select a cut-out layer on the canvas (a product or person with a transparent background) to begin.</p>
      </div>
    );
  }
  const hidden = app.hiddenLayers.value;
  const previous = app.previousBackdrops.value;
  const placement = app.form.value.placement;
  const many = planned.length > 1;
  const opaque = app.opaqueLayers.value;
  return (
    <div class="preview">
      {many ? <div class="preview-count">{planned.length} jobs, one per frame</div> : null}
      <div class={many ? 'preview-jobs many' : 'preview-jobs'}>
        {planned.map((job) => (
          <JobPreview key={job.key} job={job} many={many} />
        ))}
      </div>
      {opaque.map((name) => (
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
        const own = previous[job.key] ?? [];
        if (own.length === 0) return null;
        return (
          <div class="note" role="status" key={`previous-${job.key}`}>
            Replace previous background: the new one is shown instead of {own.map((node) => node.name).join(', ')}, which stays in the
            layer's Backdrop, hidden (Jobs › Delete unused variations removes it).
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
              <Button secondary onClick={() => void app.selectLayersAsync([...job.plan.layerIds, ...names.map((node) => node.id)])}>
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
