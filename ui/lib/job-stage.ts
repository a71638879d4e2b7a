// What a job is doing, in the words the jobs list, its placeholder tiles and the running-jobs
// strip show: sending, queued, generating, downloading, placing.
import type { JobRecord } from '../../src/protocol/shapes';
import { FINAL_JOB_STATES } from './job-timing';

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

/** A job not yet in a final state (any state a later lifecycle adds counts as running). */
export function isRunningJob(job: JobRecord): boolean {
  return !FINAL_JOB_STATES.has(job.state);
}

/** The job's stage; while downloading, images are placed one by one as they arrive. */
export function jobStageText(job: JobRecord): string {
  // Sending timed out: PICPIK may have the job (ui/lib/unknown-outcome.ts checks).
  if (job.outcomeUnknown) return 'Outcome unknown';
  if (job.state === 'downloading' && job.placedImages.length > 0) return `Placing ${job.placedImages.length} of ${job.imageCount}`;
  return STATE_TEXT[job.state] ?? job.state;
}

/** The stage of one variation's tile while the job runs. */
export function tileStageText(job: JobRecord, imageIndex: number): string {
  if (job.placedImages.includes(imageIndex)) return 'Placed';
  if (job.state === 'downloading') return job.placedImages.length > 0 ? 'Placing' : 'Downloading';
  return STATE_TEXT[job.state] ?? job.state;
}
