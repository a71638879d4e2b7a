// ONE poller for every open job: when the relay offers it, each tick is one long-poll
// (POST /v1/tasks/wait) that answers as soon as a task changes; otherwise each tick sends a single
// ListTasksDetails carrying all open TaskUIDs and backs off from ~1 s to ~5 s. Either way it rides
// out network trouble, downloads finished images through the relay (several at a time) and hands
// them to the main thread one per message, one job after another so each job's frames land in
// one undo step.
import { withFinishedAt } from './job-timing';
import { formatIssues } from '../../src/contract/issues';
import type { TaskDetail } from '../../src/contract/response-schemas';
import { RESPONSE_CHECKS } from '../../src/contract/spec-checks';
import { classifyTaskStatus, findKnownTaskDetail, unknownStatusDeadline } from '../../src/contract/task-status';
import { awaitsGenerateStage } from '../../src/protocol/job-stages';
import type { JobRecord } from '../../src/protocol/shapes';
import { describeRelayError, RelayError } from './relay-error';
import { failedTaskError, unknownStatusError } from './task-outcome-text';
import { taskWaitStateOf, type TaskWaitState } from '../../src/contract/task-wait';
import { createTaskWaitSource } from './task-wait-source';
import { DOWNLOAD_ATTEMPTS, downloadWithRetryAsync } from './download-with-retry';
import type { ConnectionState, JobPoller, PollerOptions, Timers } from './poller-types';

export type { ConnectionState, ConnectionStatus, JobPoller, PollerOptions, Timers } from './poller-types';

export const FIRST_DELAY_MS = 1000;
export const BACKOFF_FACTOR = 1.5;
export const MAX_DELAY_MS = 5000;
/** After this many failed ticks in a row the state says "connection problem". */
export const FAILURES_BEFORE_PROBLEM = 3;
/** Polling interval while the connection is in trouble: keep trying, slowly. */
export const PROBLEM_DELAY_MS = 15_000;
export { DOWNLOAD_ATTEMPTS };
/** Images of one job downloaded at the same time (and held before placement at most). */
export const DOWNLOAD_CONCURRENCY = 4;
/** Ticks in a row a TaskUID may be missing from the answer before the job is given up. */
export const MISSING_TICKS_BEFORE_FAILED = 5;
export const RESULT_LIFETIME_MS = 24 * 60 * 60 * 1000;
const MAX_UIDS_PER_CALL = 100;
const EXPIRED_ERROR = { message: 'PICPIK keeps results for 24 hours only: this job has expired' };

const OPEN_STATES: ReadonlySet<JobRecord['state']> = new Set(['queued', 'running', 'downloading']);

export function createJobPoller(options: PollerOptions): JobPoller {
  const timers: Timers = options.timers ?? { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };
  const now = options.now ?? (() => Date.now());
  const log = options.log ?? (() => undefined);
  /** Jobs whose task is polled. */
  const polled = new Map<string, JobRecord>();
  /** Jobs whose images are being downloaded (not polled meanwhile). */
  const downloading = new Map<string, JobRecord>();
  const cancelled = new Set<string>();
  const missingTicks = new Map<string, number>();
  const downloadFailures = new Map<string, number>();
  let timer: unknown = null;
  let delay = FIRST_DELAY_MS;
  let scheduledDelay: number | null = null;
  let ticking = false;
  let resetRequested = false;
  let stopped = false;
  let connectionState: ConnectionState = { status: 'ok', failures: 0 };
  let lastMode: 'wait' | 'poll' = 'poll';
  const waits = createTaskWaitSource(options.client, now);
  /** The state each polled job's task was last seen in, sent with a wait as `known`. */
  const lastSeen = new Map<string, TaskWaitState>();
  /** The wait in flight; aborted when the set of polled jobs changes or the poller stops. */
  let waitController: AbortController | null = null;
  /** End of the placement queue shared by all jobs; never rejects. */
  let placementTail: Promise<void> = Promise.resolve();

  /**
   * Runs `work` once every placement queued before it has finished. Main groups undo by job and
   * closes a step whenever the job changes, so two jobs placing at the same time would split
   * both into one step per image: a job's images must all be placed before the next job's start.
   */
  function inPlacementTurnAsync<T>(work: () => Promise<T>): Promise<T> {
    const turn = placementTail.then(work);
    placementTail = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  function setConnection(next: ConnectionState): void {
    const changed = next.status !== connectionState.status || next.message !== connectionState.message;
    connectionState = next;
    if (changed) options.onConnection?.(next);
  }

  function update(job: JobRecord, patch: Partial<JobRecord>): JobRecord {
    const next: JobRecord = withFinishedAt({ ...job, ...patch, updatedAt: now() });
    if (polled.has(job.id)) polled.set(job.id, next);
    if (downloading.has(job.id)) downloading.set(job.id, next);
    options.onJob?.(next);
    options.saveJobAsync(next).catch((error: unknown) => log(`saveJob failed for ${job.id}: ${String(error)}`));
    return next;
  }

  function schedule(ms: number): void {
    if (stopped) return;
    if (timer !== null) timers.clearTimeout(timer);
    scheduledDelay = ms;
    timer = timers.setTimeout(() => {
      timer = null;
      scheduledDelay = null;
      void tickAsync();
    }, ms);
  }

  function idle(): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    scheduledDelay = null;
  }

  function track(job: JobRecord): void {
    if (!job.taskUid) throw new RangeError(`job ${job.id} has no TaskUID to poll`);
    stopped = false;
    cancelled.delete(job.id);
    const next = job.state === 'sending' ? update(job, { state: 'queued' }) : job;
    polled.set(job.id, next);
    delay = FIRST_DELAY_MS;
    // A tick in flight schedules the next one itself, with the reset delay; a wait in flight is
    // given up so the next one includes this job.
    if (ticking) {
      resetRequested = true;
      waitController?.abort();
    } else schedule(waitController === null && lastMode === 'wait' ? 0 : delay);
  }

  function resume(jobs: readonly JobRecord[]): void {
    for (const job of jobs) {
      if (job.state !== 'sending' && !OPEN_STATES.has(job.state)) continue;
      if (awaitsGenerateStage(job)) {
        // Closed between the stages: the cut-outs are placed, the generate stage was never sent.
        options.onNextStage?.(job);
        continue;
      }
      if (!job.taskUid) {
        update(job, { state: 'failed', error: { message: 'Backdrop closed before PICPIK accepted this job: generate it again' } });
        continue;
      }
      if (now() - job.createdAt > RESULT_LIFETIME_MS) {
        update(job, { state: 'expired', error: EXPIRED_ERROR });
        continue;
      }
      // Downloads that were cut off start over from polling: the task answers "done" again and
      // placement skips images already placed.
      track(job.state === 'downloading' ? { ...job, state: 'running' } : job);
    }
  }

  /** One wait through the relay; 'fallback' when it turned out not to offer it. */
  async function waitTickAsync(jobs: JobRecord[]): Promise<'done' | 'fallback'> {
    const known: Record<string, TaskWaitState> = {};
    for (const job of jobs) if (lastSeen.has(job.id)) known[job.taskUid as string] = lastSeen.get(job.id) as TaskWaitState;
    const controller = new AbortController();
    waitController = controller;
    try {
      const details = await waits.waitAsync(jobs.map((job) => job.taskUid as string), known, controller.signal);
      if (!details) return 'fallback';
      for (const job of jobs) lastSeen.set(job.id, taskWaitStateOf(findKnownTaskDetail(details, job.taskUid as string)));
      handleDetails(jobs, details);
      return 'done';
    } catch (error) {
      // Given up on purpose (a job added or cancelled, or the poller stopped): not a failure.
      if (controller.signal.aborted) return 'done';
      throw error;
    } finally {
      waitController = null;
    }
  }

  async function tickAsync(): Promise<void> {
    if (stopped || polled.size === 0) return;
    ticking = true;
    const jobs = [...polled.values()];
    let failed: unknown = null;
    let mode: 'wait' | 'poll' = (await waits.usableAsync(jobs.length)) ? 'wait' : 'poll';
    if (mode === 'wait') {
      try {
        if ((await waitTickAsync(jobs)) === 'fallback') mode = 'poll';
      } catch (error) {
        failed = error;
        waits.forget();
      }
    }
    lastMode = mode;
    for (let i = 0; mode === 'poll' && i < jobs.length; i += MAX_UIDS_PER_CALL) {
      const batch = jobs.slice(i, i + MAX_UIDS_PER_CALL);
      try {
        const raw = await options.client.postActionAsync('ListTasksDetails', {
          TaskUIDList: batch.map((job) => job.taskUid as string),
        });
        const parsed = RESPONSE_CHECKS.ListTasksDetails(raw);
        if (!parsed.ok) {
          throw new RelayError({ kind: 'bad-response', detail: `ListTasksDetails: ${formatIssues(parsed.issues).slice(0, 300)}` });
        }
        handleDetails(batch, parsed.value.TaskDetailList);
      } catch (error) {
        failed = error;
        break;
      }
    }
    ticking = false;
    if (stopped) return;
    if (failed !== null) {
      const failures = connectionState.failures + 1;
      const info = describeRelayError(failed);
      const retryAfterMs = failed instanceof RelayError && failed.retryAfterSeconds ? failed.retryAfterSeconds * 1000 : 0;
      if (failures >= FAILURES_BEFORE_PROBLEM) {
        setConnection({ status: 'problem', failures, message: `Connection problem: ${info.message}`, detail: info.detail });
        delay = Math.max(PROBLEM_DELAY_MS, retryAfterMs);
      } else {
        setConnection({ status: 'retrying', failures, message: info.message, detail: info.detail });
        delay = Math.max(Math.min(MAX_DELAY_MS, delay * 2), retryAfterMs);
      }
    } else {
      if (connectionState.status !== 'ok' || connectionState.failures !== 0) setConnection({ status: 'ok', failures: 0 });
      // A wait already waited: the next one starts at once and keeps the short interval for a fallback.
      delay = mode === 'wait' ? FIRST_DELAY_MS : Math.min(MAX_DELAY_MS, delay * BACKOFF_FACTOR);
    }
    if (resetRequested) {
      // A job was added while this tick ran: it gets the short first interval too.
      resetRequested = false;
      if (failed === null) delay = FIRST_DELAY_MS;
    }
    for (const jobId of lastSeen.keys()) if (!polled.has(jobId)) lastSeen.delete(jobId);
    if (polled.size > 0) schedule(mode === 'wait' && failed === null ? 0 : delay);
    else idle();
  }

  function handleDetails(batch: readonly JobRecord[], details: readonly TaskDetail[]): void {
    for (const asked of batch) {
      const job = polled.get(asked.id);
      if (!job || cancelled.has(job.id)) continue;
      // Unknown = left out of the list, or (fallback) listed as a "task not found" placeholder.
      const detail = findKnownTaskDetail(details, job.taskUid as string);
      if (!detail) {
        handleMissing(job);
        continue;
      }
      missingTicks.delete(job.id);
      const phase = classifyTaskStatus(detail);
      if (phase === 'queued' || phase === 'running') {
        if (job.state !== phase || job.error) update(job, { state: phase, error: undefined });
      } else if (phase === 'unknown') {
        handleUnknownStatus(job, detail);
      } else if (phase === 'failed') {
        polled.delete(job.id);
        update(job, { state: 'failed', consumeApiPoint: detail.ConsumeApiPoint ?? job.consumeApiPoint, error: failedTaskError(detail) });
      } else {
        polled.delete(job.id);
        const next = update(job, {
          state: 'downloading',
          imageCount: detail.ImgList.length,
          seed: detail.Seed ?? job.seed,
          consumeApiPoint: detail.ConsumeApiPoint ?? job.consumeApiPoint,
        });
        downloading.set(job.id, next);
        void downloadAndPlaceAsync(next, detail);
      }
    }
  }

  function handleMissing(job: JobRecord): void {
    const missing = (missingTicks.get(job.id) ?? 0) + 1;
    missingTicks.set(job.id, missing);
    if (now() - job.createdAt > RESULT_LIFETIME_MS) {
      polled.delete(job.id);
      update(job, { state: 'expired', error: EXPIRED_ERROR });
    } else if (missing >= MISSING_TICKS_BEFORE_FAILED) {
      polled.delete(job.id);
      update(job, {
        state: 'failed',
        error: { message: 'PICPIK no longer knows this job: generate it again', detail: `TaskUID ${job.taskUid} missing from ListTasksDetails ${missing} times` },
      });
    }
  }

  /** A Status nobody recognises: shown on the job, pending until the job's deadline, then failed. */
  function handleUnknownStatus(job: JobRecord, detail: TaskDetail): void {
    const deadline = unknownStatusDeadline(job.createdAt, job.output.width, job.output.height, job.imageCount);
    if (now() > deadline) {
      polled.delete(job.id);
      update(job, { state: 'failed', error: unknownStatusError(detail, true) });
      return;
    }
    const error = unknownStatusError(detail, false);
    if (job.state !== 'running' || job.error?.message !== error.message) {
      log(`task ${detail.TaskUID}: unknown status ${JSON.stringify(detail.Status)}, pending until ${new Date(deadline).toISOString()}`);
      update(job, { state: 'running', error });
    }
  }

  function waitAsync(ms: number): Promise<void> {
    return new Promise((resolve) => timers.setTimeout(resolve, ms));
  }

  async function downloadAndPlaceAsync(start: JobRecord, detail: TaskDetail): Promise<void> {
    let job = start;
    let fromMain: JobRecord | null = null;
    const missing = detail.ImgList.map((_, index) => index).filter((index) => !job.placedImages.includes(index));
    // Downloads run ahead of placement, at most DOWNLOAD_CONCURRENCY images at a time (in flight
    // or waiting for their turn), so one slow image does not hold up the rest and memory stays
    // bounded; placement keeps index order so image 0 is placed first and stays the visible one.
    const ahead = new Map<number, Promise<Uint8Array>>();
    let launched = 0;
    const launchMore = () => {
      while (launched < missing.length && ahead.size < DOWNLOAD_CONCURRENCY) {
        const index = missing[launched] as number;
        launched += 1;
        const download = downloadWithRetryAsync(options.client, detail.TaskUID, index, waitAsync, FIRST_DELAY_MS);
        // Awaited in order below; a failure after the job gave up must not go unhandled.
        download.catch(() => undefined);
        ahead.set(index, download);
      }
    };
    try {
      // The first window downloads while earlier jobs are still being placed.
      launchMore();
      const finished = await inPlacementTurnAsync(async () => {
        for (const index of missing) {
          if (cancelled.has(job.id) || stopped) return false;
          launchMore();
          const png = await (ahead.get(index) as Promise<Uint8Array>);
          if (cancelled.has(job.id) || stopped) return false;
          const placed = await options.placeImageAsync(job.id, index, png, detail.Seed ?? job.seed);
          fromMain = placed;
          // The bytes now live in the document: drop this copy so the next download can start.
          ahead.delete(index);
          // Main owns placement fields; the poller owns the state.
          job = { ...job, placedImages: placed.placedImages, placedNodeIds: placed.placedNodeIds, visibleIndex: placed.visibleIndex, ...(placed.shownAt !== undefined ? { shownAt: placed.shownAt } : {}) };
          downloading.set(job.id, job);
          options.onJob?.(job);
        }
        return true;
      });
      if (!finished) return;
      downloading.delete(job.id);
      downloadFailures.delete(job.id);
      const moved = fromMain as JobRecord | null;
      if (moved && awaitsGenerateStage(moved)) {
        // Main placed the cut-outs and moved the job on: its record is the job now.
        options.onJob?.(moved);
        options.onNextStage?.(moved);
        return;
      }
      update(job, { state: 'placed', error: undefined });
    } catch (error) {
      ahead.clear();
      downloading.delete(job.id);
      const failures = (downloadFailures.get(job.id) ?? 0) + 1;
      downloadFailures.set(job.id, failures);
      const info = describeRelayError(error);
      if (failures >= DOWNLOAD_ATTEMPTS) {
        update(job, { state: 'failed', error: { message: `The results could not be downloaded or placed: ${info.message}`, detail: info.detail } });
        return;
      }
      // Try again from the next poll: the task still answers "done" and placed images are skipped.
      const back = update(job, { state: 'running', error: { message: info.message, detail: info.detail } });
      polled.set(back.id, back);
      if (!ticking && timer === null) schedule(delay);
    }
  }

  async function cancelAsync(jobId: string): Promise<JobRecord | undefined> {
    const job = polled.get(jobId) ?? downloading.get(jobId);
    if (!job) return undefined;
    cancelled.add(jobId);
    polled.delete(jobId);
    downloading.delete(jobId);
    // The relay need not go on watching it.
    waitController?.abort();
    if (polled.size === 0 && !ticking) idle();
    let error: JobRecord['error'];
    if (job.taskUid) {
      try {
        await options.client.postActionAsync('TerminateTask', { TaskUID: job.taskUid });
      } catch (failure) {
        const info = describeRelayError(failure);
        error = { message: `Stopped here, but PICPIK may still finish it: ${info.message}`, detail: info.detail };
      }
    }
    return update(job, { state: 'cancelled', error });
  }

  function stop(): void {
    stopped = true;
    waitController?.abort();
    idle();
  }

  return {
    track,
    resume,
    cancelAsync,
    isTracking: (jobId) => polled.has(jobId) || downloading.has(jobId),
    connection: () => connectionState,
    nextDelay: () => scheduledDelay,
    stop,
  };
}
