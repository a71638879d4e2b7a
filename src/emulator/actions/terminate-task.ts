// TerminateTask: ends an open task as Error (ErrorCode 4001, see task-runner.ts).
import { RET_CODES } from '../ret-codes';
import { ok, refuse, type ActionHandler } from './action-handler';

export const terminateTask: ActionHandler<'TerminateTask'> = ({ TaskUID }, { store, runner, now }) => {
  const task = store.get(TaskUID, now);
  if (!task) return refuse(RET_CODES.taskNotFound, `TaskUID ${JSON.stringify(TaskUID)} is not a known task (it may have expired)`);
  if (!runner.terminate(TaskUID)) return refuse(RET_CODES.taskAlreadyEnded, `TaskUID ${JSON.stringify(TaskUID)} has already ended with Status ${task.status}`);
  return ok();
};
