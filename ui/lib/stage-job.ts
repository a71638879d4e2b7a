// What every image-editing stage (cut-out, generate after a cut-out, clean plate) does the same
// way: mirror the record as it changes, send one task-starting action, save the record the
// moment a TaskUID exists and hand it to the poller; any failure ends as a failed record.
import { checkTaskSubmitted } from '../../src/contract/spec-checks';
import type { JobRecord } from '../../src/protocol/shapes';
import { describeRelayError, RelayError } from './relay-error';
import type { StartJobDeps } from './start-job';

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
  submitAsync(action: string, params: Record<string, unknown>): Promise<JobRecord>;
}

export async function runStageAsync(start: JobRecord, deps: Omit<StartJobDeps, 'newId'>, work: (run: StageRun) => Promise<JobRecord>): Promise<JobRecord> {
  const now = deps.now ?? (() => Date.now());
  let job = start;
  const set = (patch: Partial<JobRecord>): JobRecord => {
    job = { ...job, ...patch, updatedAt: now() };
    deps.onJob(job);
    return job;
  };
  const submitAsync = async (action: string, params: Record<string, unknown>): Promise<JobRecord> => {
    if (deps.isCancelled?.(job.id)) return set({ state: 'cancelled' });
    const response = await deps.client.postActionAsync(action, params, { timeoutMs: 120_000 });
    const parsed = checkTaskSubmitted(response);
    if (!parsed.ok) throw new RelayError({ kind: 'bad-response', detail: `${action}: no TaskUID in ${JSON.stringify(response).slice(0, 200)}` });
    job = { ...job, taskUid: parsed.value.TaskUID, state: 'queued', updatedAt: now() };
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
