// The relay's long-poll route POST /v1/tasks/wait: the caller lists its open tasks and the state
// it last saw of each; the relay answers once any of them is in another state, or after at most
// TASK_WAIT_MAX_MS with no change. Shared by the relay and the plugin UI (which validates the
// answer as a ListTasksDetails answer); the request's schema lives with the relay, which checks it.
import { PICPIK_LIMITS } from './generate-backgrounds-rules';
import type { TaskDetail } from './response-schemas';
import type { TaskWaitOffer } from './task-wait-offer';
import { classifyTaskStatus, isUnknownTaskEntry } from './task-status';

export const TASK_WAIT_PATH = '/v1/tasks/wait';
/** The longest a wait stays open without a change. */
export const TASK_WAIT_MAX_MS = 25_000;
/** Tasks in one wait: the same bound as one ListTasksDetails. */
export const TASK_WAIT_MAX_TASKS = PICPIK_LIMITS.TaskUIDList.max;

/** The states a caller can know a task in (the TaskPhase of contract/task-status, or missing). */
export const TASK_WAIT_STATES = ['queued', 'running', 'done', 'failed', 'unknown', 'missing'] as const;
export type TaskWaitState = (typeof TASK_WAIT_STATES)[number];

export const TASK_WAIT_OFFER: TaskWaitOffer = { path: TASK_WAIT_PATH, maxWaitMs: TASK_WAIT_MAX_MS, maxTasks: TASK_WAIT_MAX_TASKS };

/** A task's state as the wait route compares it: its phase, or missing when PICPIK does not know it. */
export function taskWaitStateOf(detail: TaskDetail | undefined): TaskWaitState {
  if (!detail) return 'missing';
  const listed = {
    TaskUID: detail.TaskUID,
    Status: detail.Status,
    ErrorCode: detail.ErrorCode ?? 0,
    ErrorMassage: detail.ErrorMassage ?? '',
    ImgList: detail.ImgList ?? [],
  };
  return isUnknownTaskEntry(listed) ? 'missing' : classifyTaskStatus(listed);
}
