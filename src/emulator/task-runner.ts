// Moves tasks (GenerateBackgrounds, RemoveBackground, ...) through Queuing -> Running -> Finished /
// Error on timers, renders their images one at a time (so other requests keep being answered), and
// charges credits.
import { setImmediate as yieldToEventLoopAsync } from 'node:timers/promises';
import { TASK_STATUS } from '../contract/task-status';
import { TASK_ERROR_CODES } from './ret-codes';
import { createTaskUid, type EmulatorTask, type TaskStore } from './task-store';
import type { CreditLedger } from './credit-ledger';

export interface TaskSchedule {
  queueMs: number;
  runMs: number;
}

/** Renders image `index` (0-based) of a task whose inputs were decoded once. */
export type TaskImageRenderer = (index: number) => Promise<Buffer>;

interface TaskSubmission {
  /** The action that made the task, as TaskDetail.Action reports it. */
  action: string;
  /** Decodes the task's inputs once; called when the task starts running. */
  prepareAsync: () => Promise<TaskImageRenderer>;
  imageCount: number;
  /** The seed reported when the task finishes, for actions that use one. */
  seed?: number;
  cost: number;
  /** When set, the task ends as Error with this code instead of rendering (fault injection). */
  injectedFailure?: { errorCode: number; message: string };
  /** The task ends Finished with no image, charging nothing (fault injection). */
  finishEmpty?: boolean;
  /** Status reported instead of 'Running' (fault injection). */
  runningStatusText?: string;
}

interface TaskJob {
  task: EmulatorTask;
  submission: TaskSubmission;
  timers: ReturnType<typeof setTimeout>[];
  cancelled: boolean;
  minimumRunElapsed: boolean;
  render?: Promise<Buffer[]>;
  rendered?: Buffer[];
  renderError?: string;
}

export interface TaskCounters {
  submitted: number;
  finished: number;
  failed: number;
  terminated: number;
  imagesRendered: number;
}

/** Runs render jobs one after another: two cores are shared with everything else. */
class RenderQueue {
  private tail: Promise<unknown> = Promise.resolve();
  runAsync<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export class TaskRunner {
  private readonly jobs = new Map<string, TaskJob>();
  private readonly renderQueue = new RenderQueue();
  readonly counters: TaskCounters = { submitted: 0, finished: 0, failed: 0, terminated: 0, imagesRendered: 0 };

  constructor(
    private readonly store: TaskStore,
    private readonly credits: CreditLedger,
    public schedule: TaskSchedule,
    private readonly now: () => number = Date.now,
  ) {
    store.onEvictOpenTask = (task) => this.abandon(task.uid);
  }

  /** Creates a Queuing task; the caller has already reserved its credits. */
  submit(submission: TaskSubmission): EmulatorTask {
    const task: EmulatorTask = {
      uid: createTaskUid(),
      action: submission.action,
      status: TASK_STATUS.Queuing,
      createdAt: this.now(),
      ...(submission.seed !== undefined ? { seed: submission.seed } : {}),
      cost: submission.cost,
      consumed: 0,
      imageTokens: [],
      errorCode: TASK_ERROR_CODES.none,
      errorMessage: '',
      ...(submission.runningStatusText ? { runningStatusText: submission.runningStatusText } : {}),
    };
    const job: TaskJob = { task, submission, timers: [], cancelled: false, minimumRunElapsed: false };
    this.jobs.set(task.uid, job);
    this.counters.submitted++;
    this.store.add(task, task.createdAt);
    job.timers.push(setTimeout(() => this.startRunning(job), this.schedule.queueMs));
    return task;
  }

  /** Stops an open task: it ends as Status 'Error' with ErrorCode terminated. False if not open. */
  terminate(uid: string): boolean {
    const job = this.jobs.get(uid);
    if (!job) return false;
    this.fail(job, TASK_ERROR_CODES.terminated, 'task terminated by TerminateTask');
    this.counters.terminated++;
    this.counters.failed--;
    return true;
  }

  /** Finishes an open task now (skipping the schedule, still rendering its images). */
  async finishNowAsync(uid: string): Promise<EmulatorTask | undefined> {
    const job = this.jobs.get(uid);
    if (!job) return undefined;
    for (const timer of job.timers) clearTimeout(timer);
    job.timers = [];
    if (job.task.status === TASK_STATUS.Queuing) this.startRunning(job, false);
    for (const timer of job.timers) clearTimeout(timer);
    job.timers = [];
    job.minimumRunElapsed = true;
    if (job.render) await job.render.catch(() => undefined);
    this.finishIfDone(job);
    return job.task;
  }

  /** Stops all timers and renders (server shutdown or reset). */
  close(): void {
    for (const uid of [...this.jobs.keys()]) this.abandon(uid);
  }

  private abandon(uid: string): void {
    const job = this.jobs.get(uid);
    if (!job) return;
    for (const timer of job.timers) clearTimeout(timer);
    job.cancelled = true;
    this.credits.release(job.submission.cost);
    this.jobs.delete(uid);
  }

  private startRunning(job: TaskJob, withTimer = true): void {
    if (job.cancelled) return;
    job.task.status = TASK_STATUS.Running;
    if (!job.submission.injectedFailure && !job.submission.finishEmpty) {
      job.render = this.renderQueue.runAsync(() => this.renderImagesAsync(job));
      job.render.then(
        (images) => {
          job.rendered = images;
          this.finishIfDone(job);
        },
        (error: unknown) => {
          job.renderError = error instanceof Error ? error.message : String(error);
          this.finishIfDone(job);
        },
      );
    }
    if (withTimer) {
      job.timers.push(
        setTimeout(() => {
          job.minimumRunElapsed = true;
          this.finishIfDone(job);
        }, this.schedule.runMs),
      );
    }
  }

  private async renderImagesAsync(job: TaskJob): Promise<Buffer[]> {
    if (job.cancelled) return [];
    const render = await job.submission.prepareAsync();
    const images: Buffer[] = [];
    for (let i = 0; i < job.submission.imageCount; i++) {
      if (job.cancelled) return images;
      images.push(await render(i));
      this.counters.imagesRendered++;
      await yieldToEventLoopAsync();
    }
    return images;
  }

  private finishIfDone(job: TaskJob): void {
    if (job.cancelled || job.task.endedAt !== undefined || !job.minimumRunElapsed) return;
    const injected = job.submission.injectedFailure;
    if (injected) return this.fail(job, injected.errorCode, injected.message);
    if (job.renderError !== undefined) return this.fail(job, TASK_ERROR_CODES.renderFailed, `rendering failed: ${job.renderError}`);
    if (job.submission.finishEmpty) return this.finishWithoutImages(job);
    if (!job.rendered) return;
    const now = this.now();
    for (const png of job.rendered) job.task.imageTokens.push(this.store.addImage(job.task.uid, png, now));
    this.credits.charge(job.submission.cost);
    job.task.consumed = job.submission.cost;
    job.task.status = TASK_STATUS.Finished;
    job.task.endedAt = now;
    this.counters.finished++;
    this.jobs.delete(job.task.uid);
    this.store.evict(now);
  }

  private finishWithoutImages(job: TaskJob): void {
    this.credits.release(job.submission.cost);
    job.task.status = TASK_STATUS.Finished;
    job.task.endedAt = this.now();
    this.counters.finished++;
    this.jobs.delete(job.task.uid);
  }

  private fail(job: TaskJob, errorCode: number, message: string): void {
    for (const timer of job.timers) clearTimeout(timer);
    job.cancelled = true;
    this.credits.release(job.submission.cost);
    job.task.status = TASK_STATUS.Error;
    job.task.errorCode = errorCode;
    job.task.errorMessage = message;
    job.task.endedAt = this.now();
    this.counters.failed++;
    this.jobs.delete(job.task.uid);
  }
}
