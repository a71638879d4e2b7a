// Where a PICPIK task stands, decided in one place for the whole project (the UI's poller, the
// relay's finished-task cache and image route, the emulator's status strings).
// PICPIK's TaskDetail page documents `Status` as "Task status" without listing values; the
// deprecated ListGenerateTaskDetail page lists Queuing, Running, Finished, Error.

/** The older API's status strings, which the emulator speaks. */
export const TASK_STATUS = { Queuing: 'Queuing', Running: 'Running', Finished: 'Finished', Error: 'Error' } as const;

/**
 * - queued / running: still working (queued before it starts);
 * - done: finished with at least one image;
 * - failed: a non-zero ErrorCode, an error-like Status, or finished without any image;
 * - unknown: a Status string none of the rules recognise. Callers keep it visible and treat it
 *   as pending only until unknownStatusDeadline, then as failed.
 */
export type TaskPhase = 'queued' | 'running' | 'done' | 'failed' | 'unknown';

/** The TaskDetail fields the classification reads (all but Status optional in PICPIK's table). */
export interface TaskStatusFields {
  Status?: string | undefined;
  ErrorCode?: number | undefined;
  ImgList?: readonly string[] | undefined;
}

const FAILED_STATUS = /error|fail|cancel|terminat|abort|timeout|timed.?out|expired|reject/i;
const FINISHED_STATUS = /^(finished|finish|success|succeeded|successful|done|complete|completed)$/i;
const QUEUED_STATUS = /^(queu|wait|pend|submit|creat|schedul|accept)/i;
const RUNNING_STATUS = /^(run|process|in.?progress|generat|start|work)/i;

/** True for a status string that means the task ended without error (e.g. `Finished`). */
function isFinishedStatus(status: string): boolean {
  return FINISHED_STATUS.test(status.trim());
}

export function classifyTaskStatus(detail: TaskStatusFields): TaskPhase {
  const status = (detail.Status ?? '').trim();
  if ((detail.ErrorCode ?? 0) !== 0 || FAILED_STATUS.test(status)) return 'failed';
  if (isFinishedStatus(status)) return (detail.ImgList?.length ?? 0) > 0 ? 'done' : 'failed';
  if (QUEUED_STATUS.test(status)) return 'queued';
  if (RUNNING_STATUS.test(status)) return 'running';
  return 'unknown';
}

/** A finished Status with no image: PICPIK says it is done but gives nothing to place. */
export function isFinishedWithoutImages(detail: TaskStatusFields): boolean {
  return (detail.ErrorCode ?? 0) === 0 && isFinishedStatus(detail.Status ?? '') && (detail.ImgList?.length ?? 0) === 0;
}

export const FINISHED_WITHOUT_IMAGES_MESSAGE = 'PICPIK finished without returning an image: generate it again';

// ---------------------------------------------------------------------------------------------
// Unknown tasks. PICPIK documents no answer for a TaskUID it does not know (or no longer keeps:
// results live 24 hours). The structural answer is a TaskDetailList without that TaskUID; a
// service may instead list it as a failed entry whose text says the task was not found. That text
// is undocumented, so it only counts as a fallback, and only when it speaks of the task itself
// ("model not found" is a real failure of a known task).

const UNKNOWN_TASK_TEXT = /\b(task|taskuid|task uid)( [\w"'-]+)? (was |is )?(not found|does not exist|not exist)|\b(no such|unknown) task\b/i;

interface ListedTask extends TaskStatusFields {
  TaskUID: string;
  ErrorMassage?: string | undefined;
}

/** True for a listed entry that is only a "task not found" placeholder (the fallback rule). */
export function isUnknownTaskEntry(detail: ListedTask): boolean {
  return (
    classifyTaskStatus(detail) === 'failed' &&
    (detail.ImgList?.length ?? 0) === 0 &&
    UNKNOWN_TASK_TEXT.test(detail.ErrorMassage ?? '')
  );
}

/** The detail of `taskUid` in a TaskDetailList, or undefined when PICPIK does not know the task. */
export function findKnownTaskDetail<T extends ListedTask>(details: readonly T[], taskUid: string): T | undefined {
  const detail = details.find((entry) => entry.TaskUID === taskUid);
  return detail && !isUnknownTaskEntry(detail) ? detail : undefined;
}

// ---------------------------------------------------------------------------------------------
// How long an unknown status may last.

/**
 * PICPIK publishes no timing. A generous guess of a task's run: 30 s per image per started
 * megapixel (1024x1024 x 1 = 30 s; 2560x2560 x 16 = 56 min).
 */
const EXPECTED_MS_PER_IMAGE_MEGAPIXEL = 30_000;
/** An unknown Status counts as pending this long past the task's expected duration. */
export const UNKNOWN_STATUS_GRACE_MS = 10 * 60_000;

export function expectedTaskDurationMs(width: number, height: number, batchSize: number): number {
  const megapixels = Math.max(1, Math.ceil((width * height) / (1024 * 1024)));
  return megapixels * Math.max(1, batchSize) * EXPECTED_MS_PER_IMAGE_MEGAPIXEL;
}

/** The time after which a task submitted at `submittedAt` still in an unknown Status is failed. */
export function unknownStatusDeadline(submittedAt: number, width: number, height: number, batchSize: number): number {
  return submittedAt + expectedTaskDurationMs(width, height, batchSize) + UNKNOWN_STATUS_GRACE_MS;
}
