// A job's lifecycle, the one definition both halves use: its states, which are open, the allowed
// transitions, how long PICPIK keeps results, and who sets `placed`. Every state change goes
// through moveJob, which throws on a move the table does not allow: such a move is a bug.
// Free of zod: the main thread bundles it.
//
// Who sets what. The UI runs the job (sending, queued, running, downloading, failed, cancelled,
// and expired when the poller finds a task past the result lifetime) and reports each change to
// main with saveJob. The main thread owns `placed`: it places the images and holds the record of
// which are placed, so it alone moves a job to `placed`, when it records the last image
// (isEveryImagePlaced, in place-image.ts); it also moves a placed cut-out stage on to its next
// stage (job-stages.ts) and expires open jobs past the result lifetime when it tidies its list.
// The UI's poller takes `placed` from main's answer to its last placement, never on its own (when
// a restarted download finds nothing left to place, main recorded every image, so placed it, before).
// A report from the UI is a copy that may lag behind main's record (a save sent before main
// placed the last image): main keeps its own state when the report's move is not allowed from it.
import { PICPIK_RESULT_LIFETIME_MS } from '../contract/result-lifetime';
import type { JobRecord } from './shapes';
import { JOB_KINDS, jobStageOf, type JobStage } from './job-kinds';

export const JOB_STATES = ['sending', 'queued', 'running', 'downloading', 'placed', 'failed', 'cancelled', 'expired'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** States in which the job still works towards its images; every other state is final. */
export const OPEN_JOB_STATES: ReadonlyArray<JobState> = ['sending', 'queued', 'running', 'downloading'];
/** States a job leaves only by being removed (or, placed, by moving on to its next stage). */
export const FINAL_JOB_STATES: ReadonlyArray<JobState> = /* @__PURE__ */ JOB_STATES.filter((state) => OPEN_JOB_STATES.indexOf(state) < 0);

/** Where any open job may end: PICPIK or the plugin fails it, the designer cancels it, or it outlives the results. */
const ENDINGS: ReadonlyArray<JobState> = ['failed', 'cancelled', 'expired'];

/**
 * The allowed moves out of each state. Staying in a state is no move and always allowed.
 * - sending: PICPIK answered a TaskUID (queued), or it did not (failed), or the designer
 *   cancelled, or the plugin closed before it was sent and the job is past the lifetime.
 * - queued / running: PICPIK reports either one (a task may be queued again), finished (downloading),
 *   failed, or the job is cancelled or past the lifetime. placed: main's copy may not have heard
 *   of downloading yet when it records the last image.
 * - downloading: placed (main), a failed download is polled again (running) or given up (failed).
 * - expired: main expires an open job by age while the UI may still place a task that finished
 *   just before the lifetime ran out.
 */
const TRANSITIONS: Readonly<Record<JobState, ReadonlyArray<JobState>>> = {
  sending: ['queued', ...ENDINGS],
  queued: ['running', 'downloading', 'placed', ...ENDINGS],
  running: ['queued', 'downloading', 'placed', ...ENDINGS],
  downloading: ['running', 'placed', ...ENDINGS],
  placed: [],
  failed: [],
  cancelled: [],
  expired: ['placed'],
};

/** Every new job, and every next stage of one, starts here: nothing sent yet, no TaskUID. */
export const JOB_START_STATE: JobState = 'sending';


export class JobTransitionError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
    where: string,
  ) {
    super(where + ': ' + from + ' -> ' + to + ' is not an allowed job transition');
    this.name = 'JobTransitionError';
  }
}

export function isOpenJobState(state: JobState): boolean {
  return OPEN_JOB_STATES.indexOf(state) >= 0;
}

export function isFinalJobState(state: JobState): boolean {
  return !isOpenJobState(state);
}

export function isOpenJob(job: { state: JobState }): boolean {
  return isOpenJobState(job.state);
}

/** Whether the table allows `from` -> `to` within one stage. */
export function canMoveJob(from: JobState, to: JobState): boolean {
  return from === to || TRANSITIONS[from].indexOf(to) >= 0;
}

/** Throws a JobTransitionError naming both states when the move is not allowed. */
export function assertJobTransition(from: JobState, to: JobState, where = 'job'): void {
  if (!canMoveJob(from, to)) throw new JobTransitionError(from, to, where);
}

/**
 * The record in state `to` with `patch` applied. A patch that changes the stage is a move on to the
 * next stage: allowed only from a placed stage to the stage its kind names, starting it in JOB_START_STATE.
 */
export function moveJob(job: JobRecord, to: JobState, patch?: Partial<JobRecord>): JobRecord {
  const where = 'job ' + job.id;
  const from = jobStageOf(job);
  const stage: JobStage = patch && patch.stage !== undefined ? patch.stage : from;
  if (stage !== from) {
    if (JOB_KINDS[from].next !== stage || job.state !== 'placed' || to !== JOB_START_STATE) {
      throw new JobTransitionError(from + '/' + job.state, stage + '/' + to, where);
    }
  } else {
    assertJobTransition(job.state, to, where);
  }
  return Object.assign({}, job, patch, { state: to });
}

/** The record with `patch` applied; a patch that sets `state` is a move, checked as by moveJob. */
export function updateJob(job: JobRecord, patch: Partial<JobRecord>): JobRecord {
  return patch.state !== undefined ? moveJob(job, patch.state, patch) : Object.assign({}, job, patch);
}

/** The node main placed for one of the job's images (`placedNodeIds` runs beside `placedImages`), if it did. */
export function placedNodeIdOf(job: JobRecord, imageIndex: number): string | undefined {
  return job.placedNodeIds[job.placedImages.indexOf(imageIndex)] || undefined;
}

/** Main's rule for `placed`: the job is placed once main has recorded every one of its images. */
export function isEveryImagePlaced(job: JobRecord): boolean {
  return job.placedImages.length >= job.imageCount;
}

/** The state main keeps when the UI reports `incoming` for a job it holds in state `stored`. */
export function reconciledJobState(stored: JobState, incoming: JobState): JobState {
  return canMoveJob(stored, incoming) ? incoming : stored;
}

/** True once PICPIK no longer keeps the job's results (strictly after the lifetime). */
export function isPastResultLifetime(job: { createdAt: number }, now: number): boolean {
  return now - job.createdAt > PICPIK_RESULT_LIFETIME_MS;
}
