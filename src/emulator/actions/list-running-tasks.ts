// ListRunningTasks: the TaskUIDs of every task still Queuing or Running.
import { ok, type ActionHandler } from './action-handler';

export const listRunningTasks: ActionHandler<'ListRunningTasks'> = (_params, { store }) => ok({ TaskUIDList: store.openTasks().map((task) => task.uid) });
