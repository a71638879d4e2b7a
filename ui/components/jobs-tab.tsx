// The jobs list: each job's state and elapsed time, result thumbnails with "Use this",
// Regenerate, Reuse seed, Cancel, credits, and errors with their details.
import { Button } from '@create-figma-plugin/ui';
import { formatMeLine } from '../lib/me-line';
import type { JobRecord } from '../../src/protocol/shapes';
import { useApp } from './app-context';
import { JobStages } from './job-stages';
import { ClearSubjectButton } from './clean-plate-controls';
import { ErrorMessage } from './fields';

const STATE_TEXT: Record<JobRecord['state'], string> = {
  sending: 'Sending',
  queued: 'Queued',
  running: 'Generating',
  downloading: 'Downloading',
  placed: 'Placed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
};

const OPEN = new Set<JobRecord['state']>(['sending', 'queued', 'running', 'downloading']);

export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

function JobRow(props: { job: JobRecord; now: number }) {
  const app = useApp();
  const { job } = props;
  const open = OPEN.has(job.state);
  const thumbs = app.thumbnails.value[job.id] ?? {};
  const indexes = job.stage === 'cutout' ? [] : [...job.placedImages].sort((a, b) => a - b);
  const end = open ? props.now : job.updatedAt;
  return (
    <li class={`job job-${job.state}`} data-testid={`job-${job.id}`} data-state={job.state}>
      <div class="job-head">
        <strong class="job-label">{job.label}</strong>
        <span class="job-state">{job.outcomeUnknown ? 'Outcome unknown' : STATE_TEXT[job.state]}</span>
        <span class="job-elapsed">{formatElapsed(end - job.createdAt)}</span>
      </div>
      <div class="job-meta">
        {job.output.width} x {job.output.height} px · {job.imageCount} variation{job.imageCount === 1 ? '' : 's'}
        {job.seed !== undefined ? ` · seed ${job.seed}` : ''}
        {job.consumeApiPoint !== undefined ? ` · ${job.consumeApiPoint} credits` : ''}
      </div>
      <JobStages job={job} />
      {indexes.length > 0 ? (
        <ul class="thumbs">
          {indexes.map((index) => (
            <li key={index} class={job.visibleIndex === index ? 'thumb visible' : 'thumb'}>
              {thumbs[index] ? <img src={thumbs[index]} alt={`Variation ${index + 1}`} /> : <span class="thumb-placeholder">{index + 1}</span>}
              <Button secondary onClick={() => void app.useVariationAsync(job.id, index)} aria-label={`Use variation ${index + 1}`}>
                Use this
              </Button>
              <ClearSubjectButton job={job} imageIndex={index} />
            </li>
          ))}
        </ul>
      ) : null}
      {app.jobNotes.value[job.id] ? (
        <p class="note" role="status">
          {app.jobNotes.value[job.id]}
        </p>
      ) : null}
      {job.error ? <ErrorMessage message={job.error.message} detail={job.error.detail} /> : null}
      <div class="row">
        {open ? (
          <Button danger onClick={() => void app.cancelJobAsync(job.id)}>
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
            <Button secondary onClick={() => void app.removeJobAsync(job.id)} aria-label={`Remove ${job.label} from the list`}>
              Remove
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
      <ul class="jobs">
        {jobs.map((job) => (
          <JobRow key={job.id} job={job} now={props.now} />
        ))}
      </ul>
    </div>
  );
}
