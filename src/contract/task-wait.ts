// The relay's long-poll route POST /v1/tasks/wait: the caller lists its open tasks and the state
// it last saw of each; the relay answers once any of them is in another state, or after at most
// TASK_WAIT_MAX_MS with no change. Shared by the relay (which validates the request) and the
// plugin UI (which builds it and validates the answer as a ListTasksDetails answer).
import * as z from 'zod/mini';
import { mustBe } from './issues';
import { PICPIK_LIMITS, type TaskDetail } from './schemas';
import { classifyTaskStatus, isUnknownTaskEntry } from './task-status';

export const TASK_WAIT_PATH = '/v1/tasks/wait';
/** The longest a wait stays open without a change. */
export const TASK_WAIT_MAX_MS = 25_000;
/** Tasks in one wait: the same bound as one ListTasksDetails. */
export const TASK_WAIT_MAX_TASKS = PICPIK_LIMITS.TaskUIDList.max;

/** The states a caller can know a task in (the TaskPhase of contract/task-status, or missing). */
export const TASK_WAIT_STATES = ['queued', 'running', 'done', 'failed', 'unknown', 'missing'] as const;
export type TaskWaitState = (typeof TASK_WAIT_STATES)[number];

const TASK_UID = /^[A-Za-z0-9._-]{1,128}$/;

export const TaskWaitRequestSchema = z.strictObject({
  TaskUIDList: z
    .array(z.string().check(z.regex(TASK_UID, { error: mustBe('must hold task ids of 1-128 letters, digits, ".", "_" or "-"') })), {
      error: mustBe('must be a list of task ids, e.g. ["ckti5nf2h4keq8mr9n00"]'),
    })
    .check(
      z.minLength(1, { error: mustBe('must hold at least one task id') }),
      z.maxLength(TASK_WAIT_MAX_TASKS, { error: mustBe(`must hold at most ${TASK_WAIT_MAX_TASKS} task ids: wait in batches`) }),
    ),
  /** The state the caller last saw per TaskUID; a task left out counts as not yet seen. */
  known: z.optional(
    z.record(z.string().check(z.regex(TASK_UID, { error: mustBe('must be keyed by task ids') })), z.enum(TASK_WAIT_STATES, { error: mustBe(`must be one of ${TASK_WAIT_STATES.join(', ')}`) })),
  ),
  /** How long to wait at most, in ms (0 answers at once with what the relay knows after one poll). */
  maxWaitMs: z.optional(
    z.number({ error: mustBe('must be a number of milliseconds') }).check(
      z.int({ error: mustBe('must be a whole number of milliseconds') }),
      z.minimum(0, { error: mustBe('must be at least 0') }),
      z.maximum(TASK_WAIT_MAX_MS, { error: mustBe(`must be at most ${TASK_WAIT_MAX_MS}`) }),
    ),
  ),
});
export type TaskWaitRequest = z.output<typeof TaskWaitRequestSchema>;

/** What /healthz says about the route, when the relay offers it. */
export const TaskWaitOfferSchema = z.object({
  path: z.literal(TASK_WAIT_PATH),
  maxWaitMs: z.number(),
  maxTasks: z.number(),
});
export type TaskWaitOffer = z.output<typeof TaskWaitOfferSchema>;
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
