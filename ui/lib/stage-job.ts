// What every image-editing stage (cut-out, generate after a cut-out, clean plate) does the same
// way: mirror the record as it changes, send one task-starting action, save the record the
// moment a TaskUID exists and hand it to the poller; any failure ends as a failed record.
import { moveJob, updateJob } from '../../src/protocol/job-lifecycle';
import type { ActionParams, ActionParamsInput, ActionResponse } from '../../src/contract/action-table';
import type { TaskAction } from '../../src/contract/picpik-actions';
import type { JobRecord } from '../../src/protocol/shapes';
import { describeRelayError } from './relay-error';
import type { StartJobDeps } from './start-job';
import { isUnknownSubmitOutcome, OUTCOME_UNKNOWN_TEXT } from './unknown-outcome';

/** A failure before anything is sent, with designer text and developer detail. */
export class StageError extends Error {
  constructor(message: string, readonly detail?: string) {
    super(message);
  }
}

export interface StageRun {
  /** Updates and mirrors the record. */
  set(patch: Partial<JobRecord>): JobRecord;
  /** Sends the action and, once PICPIK answers a TaskUID, saves and tracks the job. */
  submitAsync<A extends TaskAction>(action: A, params: ActionParamsInput<A> | ActionParams<A>): Promise<JobRecord>;
}

export async function runStageAsync(start: JobRecord, deps: Omit<StartJobDeps, 'newId'>, work: (run: StageRun) => Promise<JobRecord>): Promise<JobRecord> {
  const now = deps.now ?? (() => Date.now());
  let job = start;
  const set = (patch: Partial<JobRecord>): JobRecord => {
    job = updateJob(job, { ...patch, updatedAt: now() });
    deps.onJob(job);
    return job;
  };
  const submitAsync = async <A extends TaskAction>(action: A, params: ActionParamsInput<A> | ActionParams<A>): Promise<JobRecord> => {
    if (deps.isCancelled?.(job.id)) return set({ state: 'cancelled' });
    let response: ActionResponse<A>;
    try {
      response = await deps.client.callAsync(action, params, { timeoutMs: 120_000 });
    } catch (error) {
      if (!isUnknownSubmitOutcome(error)) throw error;
      // Each of these actions costs credits: a job PICPIK may have taken waits for "Check PICPIK".
      const unknown = set({ state: 'failed', outcomeUnknown: true, error: { message: OUTCOME_UNKNOWN_TEXT, detail: describeRelayError(error).detail } });
      await deps.requestAsync('saveJob', { job: unknown }).catch(() => undefined);
      return unknown;
    }
    job = moveJob(job, 'queued', { taskUid: response.TaskUID, updatedAt: now() });
    await deps.requestAsync('saveJob', { job });
    deps.onJob(job);
    deps.track(job);
    return job;
  };
  deps.onJob(job);
  try {
    return await work({ set, submitAsync });
  } catch (error) {
    const failed = set({ state: 'failed', error: error instanceof StageError ? { message: error.message, detail: error.detail } : describeRelayError(error) });
    // A stored record (a restored generate stage) must not stay "sending" in clientStorage.
    await deps.requestAsync('saveJob', { job: failed }).catch(() => undefined);
    return failed;
  }
}
