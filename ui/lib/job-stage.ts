// What a job is doing, in the words the jobs list, its placeholder tiles and the running-jobs
// strip show: sending, queued, generating, downloading, placing.
import type { JobState } from '../../src/protocol/job-lifecycle';
import type { JobRecord } from '../../src/protocol/shapes';

const STATE_TEXT: Record<JobState, string> = {
  sending: 'Sending',
  queued: 'Queued',
  running: 'Generating',
  downloading: 'Downloading',
  placed: 'Placed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
};

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
