// Which tasks a designer may see: their own, or every task when the team shares them
// (RELAY_TEAM_VISIBLE_TASKS). Another designer's task looks exactly like one PICPIK does not
// know, so a guessed TaskUID tells nothing.
import type { RelayStore } from '../store/relay-store';

/** The entry PICPIK gives for a TaskUID it does not know (modelled by the emulator the same way). */
export function unknownTaskDetail(taskUid: string): Record<string, unknown> {
  return { TaskUID: taskUid, Status: 'Error', ImgList: [], TxtList: [], ConsumeApiPoint: 0, ErrorCode: 4040, ErrorMassage: 'task not found' };
}

export interface TaskVisibility {
  /** The subset of `taskUids` the designer may not see. */
  hiddenOfAsync(designer: string, taskUids: readonly string[]): Promise<Set<string>>;
}

export function createTaskVisibility(store: RelayStore, teamVisible: boolean): TaskVisibility {
  return {
    async hiddenOfAsync(designer, taskUids) {
      if (teamVisible || taskUids.length === 0) return new Set();
      const owners = await store.ownersOfAsync(taskUids);
      return new Set(taskUids.filter((uid) => owners.get(uid) !== designer));
    },
  };
}
