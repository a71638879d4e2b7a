// The stages of a job that starts with a cut-out: "1 Cut-out" then "2 Background", each with
// its progress and credits, so the two requests read as one job.
import { isOpenJobState, type JobState } from '../../src/protocol/job-lifecycle';
import type { JobRecord } from '../../src/protocol/shapes';

/** How each open state reads on a stage line (a final one reads as itself). */
const OPEN_TEXT: Partial<Record<JobState, string>> = { sending: 'sending', queued: 'queued', running: 'working', downloading: 'placing' };

function stageText(job: JobRecord, stage: 'cutout' | 'generate'): string {
  const current = job.stage === 'cutout' ? 'cutout' : 'generate';
  if (stage === 'cutout' && current === 'generate') {
    const credits = job.cutout?.consumeApiPoint;
    return 'done' + (credits !== undefined ? ` · ${credits} credits` : '');
  }
  if (stage === 'generate' && current === 'cutout') return job.state === 'placed' || isOpenJobState(job.state) ? 'waits for the cut-out' : 'not started';
  if (job.state === 'placed') return 'done' + (job.consumeApiPoint !== undefined ? ` · ${job.consumeApiPoint} credits` : '');
  return OPEN_TEXT[job.state] ?? job.state;
}

export function JobStages(props: { job: JobRecord }) {
  const { job } = props;
  if (!job.cutout) return null;
  const count = job.cutout.originalIds.length;
  return (
    <ol class="job-stages" data-testid={`stages-${job.id}`}>
      <li data-stage="cutout">
        Cut-out{count > 1 ? ` (${count} layers, one batch)` : ''}: {stageText(job, 'cutout')}
      </li>
      {job.cutout.thenGenerate ? <li data-stage="generate">Background: {stageText(job, 'generate')}</li> : null}
    </ol>
  );
}
