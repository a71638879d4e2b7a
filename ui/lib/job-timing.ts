// A job's elapsed time: from creation to the moment it reached a final state. Later edits of the
// record (choosing another variation, a note) move updatedAt but never the job's duration.
import { isFinalJobState } from '../../src/protocol/job-lifecycle';
import type { JobRecord } from '../../src/protocol/shapes';

/** The record with finishedAt set (from its updatedAt) the first time it is in a final state. */
export function withFinishedAt(job: JobRecord): JobRecord {
  return isFinalJobState(job.state) && job.finishedAt === undefined ? { ...job, finishedAt: job.updatedAt } : job;
}

/** Milliseconds the job ran (or has run so far); records from before finishedAt use updatedAt. */
export function jobDurationMs(job: JobRecord, now: number): number {
  const end = isFinalJobState(job.state) ? (job.finishedAt ?? job.updatedAt) : now;
  return Math.max(0, end - job.createdAt);
}
