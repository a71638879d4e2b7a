// The parameters of PICPIK's task and account actions (ListTasksDetails, TerminateTask,
// ListRunningTasks, ListModels, GetCreditBalance): small strict objects, as zod schemas.
import * as z from 'zod/mini';
import { mustBe } from './issues';
import { text } from './field-rules';
import { PICPIK_LIMITS } from './generate-backgrounds-rules';

export const ListTasksDetailsParamsSchema = z.strictObject({
  TaskUIDList: z
    .array(text().check(z.minLength(1, { error: 'must not hold empty task ids' })), {
      error: mustBe('must be a list of task ids, e.g. ["ckti5nf2h4keq8mr9n00"]'),
    })
    .check(
      z.minLength(PICPIK_LIMITS.TaskUIDList.min, { error: mustBe('must hold at least one task id') }),
      z.maxLength(PICPIK_LIMITS.TaskUIDList.max, { error: mustBe(`must hold at most ${PICPIK_LIMITS.TaskUIDList.max} task ids: poll in batches`) }),
    ),
});
export const ListModelsParamsSchema = z.strictObject({});
export const TerminateTaskParamsSchema = z.strictObject({
  TaskUID: text().check(z.minLength(1, { error: 'must not be empty' })),
});
export const ListRunningTasksParamsSchema = z.strictObject({});
export const GetCreditBalanceParamsSchema = z.strictObject({});
