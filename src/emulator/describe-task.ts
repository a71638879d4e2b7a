// TaskDetail entries of ListTasksDetails as the emulator answers them, per PICPIK's TaskDetail
// table (appendix/complex-data-types/TaskDetail of PICPIK's API docs).
import { TASK_STATUS } from '../contract/task-status';
import { TASK_ERROR_CODES } from './ret-codes';
import type { EmulatorTask } from './task-store';

/**
 * A TaskDetail with only what PICPIK's TaskDetail table marks required (TaskUID, Action,
 * Status) always present: ImgList, Seed, TxtList, ConsumeApiPoint, ErrorCode and ErrorMassage
 * are optional there, so each is left out whenever it would be empty or zero (the stricter
 * answer: clients must cope with their absence).
 */
export function describeTask(task: EmulatorTask, baseUrl: string): Record<string, unknown> {
  const finished = task.status === TASK_STATUS.Finished;
  const status = task.status === TASK_STATUS.Running && task.runningStatusText ? task.runningStatusText : task.status;
  const detail: Record<string, unknown> = { TaskUID: task.uid, Action: task.action, Status: status };
  if (finished && task.imageTokens.length > 0) detail['ImgList'] = task.imageTokens.map((token) => `${baseUrl}/images/${token}.png`);
  if (finished && task.seed !== undefined) detail['Seed'] = task.seed;
  if (task.consumed > 0) detail['ConsumeApiPoint'] = task.consumed;
  if (task.errorCode !== TASK_ERROR_CODES.none) detail['ErrorCode'] = task.errorCode;
  if (task.errorMessage) detail['ErrorMassage'] = task.errorMessage;
  return detail;
}

/**
 * PICPIK documents no answer for a TaskUID it does not know. By default it is left out of
 * TaskDetailList (the list describes tasks; nothing says placeholders are added); the
 * listUnknownTasks fault lists it as a failed 'task not found' entry instead, the other answer
 * a service may give, so clients are tested against both.
 */
export function describeMissingTask(uid: string): Record<string, unknown> {
  return {
    TaskUID: uid,
    Action: 'GenerateBackgrounds',
    Status: TASK_STATUS.Error,
    ErrorCode: TASK_ERROR_CODES.taskNotFound,
    ErrorMassage: 'task not found',
  };
}
