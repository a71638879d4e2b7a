// ListTasksDetails: the TaskDetail of each known TaskUID, in the order asked (describe-task.ts).
import { describeMissingTask, describeTask } from '../describe-task';
import { ok, type ActionHandler } from './action-handler';

export const listTasksDetails: ActionHandler<'ListTasksDetails'> = ({ TaskUIDList }, { store, faults, imageBaseUrl, now }) => {
  const listUnknown = faults.appliesTo('ListTasksDetails') && faults.config.listUnknownTasks;
  const details: Record<string, unknown>[] = [];
  for (const uid of TaskUIDList) {
    const task = store.get(uid, now);
    if (task) details.push(describeTask(task, imageBaseUrl));
    else if (listUnknown) details.push(describeMissingTask(uid));
  }
  return ok({ TaskDetailList: details });
};
