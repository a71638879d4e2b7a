// The body of POST /v1/tasks/wait as the relay accepts it (kept out of the plugin's bundle).
import * as z from 'zod/mini';
import { mustBe } from '../../contract/issues';
import { TASK_WAIT_MAX_MS, TASK_WAIT_MAX_TASKS, TASK_WAIT_STATES } from '../../contract/task-wait';

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
