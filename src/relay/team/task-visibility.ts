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
  /** Notes a task's owner in this process (the store is told separately). */
  remember(taskUid: string, designer: string): void;
}

/** Owners this process remembers; a task's owner never changes, so they are never stale. */
const KNOWN_OWNERS_MAX = 20_000;

export function createTaskVisibility(store: RelayStore, teamVisible: boolean): TaskVisibility {
  // Only found owners are remembered: a task another replica is recording right now must be
  // looked up again next time.
  const knownOwners = new Map<string, string>();
  return {
    async hiddenOfAsync(designer, taskUids) {
      if (teamVisible || taskUids.length === 0) return new Set();
      const unknown = taskUids.filter((uid) => !knownOwners.has(uid));
      if (unknown.length > 0) {
        const found = await store.ownersOfAsync(unknown);
        if (knownOwners.size + found.size > KNOWN_OWNERS_MAX) knownOwners.clear();
        for (const [uid, owner] of found) knownOwners.set(uid, owner);
      }
      return new Set(taskUids.filter((uid) => knownOwners.get(uid) !== designer));
    },
    remember(taskUid, designer) {
      if (knownOwners.size >= KNOWN_OWNERS_MAX) knownOwners.clear();
      knownOwners.set(taskUid, designer);
    },
  };
}
