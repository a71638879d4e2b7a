// The jobs list: each job names its frame and layer, shows its stage and real duration, one tile
// per variation in the area's true aspect (a placeholder while it runs; click a result to show it
// on the canvas), Regenerate, Reuse seed, Delete unused variations (of the layer's Backdrop),
// Cancel, Remove from list, credits with the designer's own usage, and errors.
import { useEffect } from './hooks';
import { focusAfterRemoval } from './focus-after-removal';
import { formatMeLine } from '../lib/me-line';
import type { JobRecord } from '../../src/protocol/shapes';
import { creditsText } from '../lib/credit-estimate';
import { isOpenJob } from '../../src/protocol/job-lifecycle';
import { jobKindOf } from '../../src/protocol/job-kinds';
import { jobStageText, tileStageText } from '../lib/job-stage';
import { jobDurationMs } from '../lib/job-timing';
import { jobsShownOnCanvas, unusedVariationCount } from '../lib/shown-variation';
import { useApp } from './app-context';
import { JobStages } from './job-stages';
import { ClearSubjectButton } from './clean-plate-controls';
import { ErrorMessage } from './fields';
import { Button } from './button';

function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

function VariationTiles(props: { job: JobRecord }) {
  const app = useApp();
  const { job } = props;
  const thumbs = app.thumbnails.value[job.id] ?? {};
  const running = isOpenJob(job);
  // While the cut-out stage runs there are no background variations yet (its stage line says so).
  if (!jobKindOf(job).placesBackgrounds) return null;
  const gone = app.goneFrames.value;
  const present = job.placedImages.filter((_, at) => !gone.has(job.placedNodeIds[at] ?? ''));
  const indexes = running ? Array.from({ length: job.imageCount }, (_, i) => i) : present.sort((a, b) => a - b);
  if (indexes.length === 0) return null;
  const aspect = `${job.area.width} / ${job.area.height}`;
  const onCanvas = jobsShownOnCanvas(app.jobs.value).has(job.id);
  return (
    <ul class="thumbs" aria-label={`Variations of ${job.sourceLabel ?? job.label}`}>
      {indexes.map((index) => {
        const placed = job.placedImages.includes(index);
        const shown = onCanvas && job.visibleIndex === index;
        const picture = thumbs[index] ? <img src={thumbs[index]} alt="" /> : <span class="thumb-number" aria-hidden="true">{index + 1}</span>;
        return (
          <li key={index} class={shown ? 'thumb visible' : 'thumb'}>
            {placed ? (
              <button type="button" class="thumb-button" style={{ aspectRatio: aspect }} aria-pressed={shown} onClick={() => void app.showVariationAsync(job.id, index)}>
                {picture}
                <span class="thumb-caption">{shown ? `Variation ${index + 1}, shown` : `Use variation ${index + 1}`}</span>
              </button>
            ) : null}
            {placed ? <ClearSubjectButton job={job} imageIndex={index} /> : null}
            {placed ? null : (
              <div class="thumb-placeholder" style={{ aspectRatio: aspect }} role="img" aria-label={`Variation ${index + 1}: ${tileStageText(job, index)}`}>
                <span class="thumb-stage">{tileStageText(job, index)}</span>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function JobRow(props: { job: JobRecord; now: number }) {
  const app = useApp();
  const { job } = props;
  const open = isOpenJob(job);
  const focused = app.focusedJobId.value === job.id;
  useEffect(() => {
    if (!focused) return;
    app.clearFocusedJob();
    document.querySelector(`[data-testid="job-${job.id}"]`)?.scrollIntoView?.({ block: 'start' });
  }, [focused]);
  const title = job.sourceLabel ?? job.label;
  return (
    <li class={`job job-${job.state}`} data-testid={`job-${job.id}`} data-state={job.state}>
      <div class="job-head">
        <strong class="job-label" title={title}>
          {title}
        </strong>
        <span class="job-state">{jobStageText(job)}</span>
        <span class="job-elapsed">{formatElapsed(jobDurationMs(job, props.now))}</span>
      </div>
      <div class="job-meta">
        {job.sourceLabel ? `${job.label} · ` : ''}
        {job.output.width} x {job.output.height} px · {job.imageCount} variation{job.imageCount === 1 ? '' : 's'}
        {job.seed !== undefined ? ` · seed ${job.seed}` : ''}
        {job.consumeApiPoint !== undefined ? ` · ${creditsText(job.consumeApiPoint)}` : ''}
      </div>
      <JobStages job={job} />
      <VariationTiles job={job} />
      {app.jobNotes.value[job.id] ? (
        <p class="note" role="status">
          {app.jobNotes.value[job.id]}
        </p>
      ) : null}
      {job.error ? <ErrorMessage message={job.error.message} detail={job.error.detail} /> : null}
      <div class="row">
        {open ? (
          <Button danger data-tone="danger" onClick={() => void app.cancelJobAsync(job.id)}>
            Cancel
          </Button>
        ) : (
          <>
            {job.outcomeUnknown ? (
              <Button secondary onClick={() => void app.checkUnknownOutcomeAsync(job.id)}>
                Check PICPIK
              </Button>
            ) : null}
            <Button secondary onClick={() => void app.regenerateAsync(job)}>
              Regenerate
            </Button>
            {job.seed !== undefined ? (
              <Button secondary onClick={() => app.reuseSeed(job)}>
                Reuse seed
              </Button>
            ) : null}
            {unusedVariationCount(job, app.goneFrames.value, jobsShownOnCanvas(app.jobs.value).has(job.id)) > 0 ? (
              <Button secondary onClick={() => void app.deleteUnusedVariationsAsync(job.id)}>
                Delete unused variations
              </Button>
            ) : null}
            <Button
              secondary
              onClick={(event) => {
                focusAfterRemoval(event.currentTarget, 'li.job', () => document.querySelector('[role="tab"][aria-selected="true"]'));
                void app.removeJobAsync(job.id);
              }}
              title="Removes the job from this list; its backgrounds stay on the canvas"
            >
              Remove from list
            </Button>
          </>
        )}
      </div>
    </li>
  );
}

export function JobsTab(props: { now: number }) {
  const app = useApp();
  const jobs = app.jobs.value;
  const connection = app.connection.value;
  const credits = app.credits.value;
  return (
    <div class="tab jobs-tab">
      {credits ? (
        <div class="credits">
          Credits left: {credits.left} of {credits.total}
          {credits.expiresAt !== undefined && credits.expiresAt > 0 ? (
            <span class="credits-expiry"> · expire {new Date(credits.expiresAt * 1000).toISOString().slice(0, 10)}</span>
          ) : null}
        </div>
      ) : null}
      {app.me.value ? <div class="credits me">{formatMeLine(app.me.value)}</div> : null}
      {connection.status !== 'ok' ? (
        <div class={connection.status === 'problem' ? 'warning' : 'note'} role="status">
          {connection.status === 'problem' ? connection.message : `Retrying… ${connection.message ?? ''}`}
        </div>
      ) : null}
      {jobs.length === 0 ? <p class="empty">No jobs yet: generate a background on the Generate tab.</p> : null}
      {jobs.some((job) => !isOpenJob(job)) ? <p class="hint">Remove from list only tidies this list: backgrounds already placed stay on the canvas.</p> : null}
      <ul class="jobs">
        {jobs.map((job) => (
          <JobRow key={job.id} job={job} now={props.now} />
        ))}
      </ul>
    </div>
  );
}
