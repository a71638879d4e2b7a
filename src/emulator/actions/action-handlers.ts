// Every PICPIK action the emulator answers, one handler each: adding an action is its own file
// plus one entry here (the type makes a missing entry a compile error).
import type { PicpikAction } from '../../contract/schemas';
import type { ActionHandler } from './action-handler';
import { generateBackgrounds } from './generate-backgrounds';
import { getCreditBalance } from './get-credit-balance';
import { listModels } from './list-models';
import { listRunningTasks } from './list-running-tasks';
import { listTasksDetails } from './list-tasks-details';
import { removeBackground } from './remove-background';
import { removeBackgroundsInBatch } from './remove-backgrounds-in-batch';
import { removeContents } from './remove-contents';
import { terminateTask } from './terminate-task';

export const ACTION_HANDLERS: { readonly [A in PicpikAction]: ActionHandler<A> } = {
  GenerateBackgrounds: generateBackgrounds,
  RemoveBackground: removeBackground,
  RemoveBackgroundsInBatch: removeBackgroundsInBatch,
  RemoveContents: removeContents,
  ListTasksDetails: listTasksDetails,
  ListModels: listModels,
  TerminateTask: terminateTask,
  ListRunningTasks: listRunningTasks,
  GetCreditBalance: getCreditBalance,
};
