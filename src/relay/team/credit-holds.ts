// Credits held for a designer's tasks that PICPIK has accepted but not yet reported the cost of:
// usage is counted when a task ends, so without holds a burst of submissions all passed a budget
// that none of them had used yet. A task holds at least one credit per image it makes (what any
// run costs at least), from the moment its request passes the budget check until its cost is
// recorded, or its request fails. Holds live in this replica's memory: with several replicas a
// budget can be passed by at most one request per replica.

export interface CreditHold {
  /** The request started task `taskUid`: the hold stays until that task's cost is recorded. */
  bind: (taskUid: string) => void;
  /** The request ended without a task: the hold goes (no-op once bound). */
  release: () => void;
}

interface Entry {
  designer: string;
  credits: number;
  at: number;
  taskUid?: string;
}

/** `lifetimeMs`: a hold whose task was never seen ending goes after this (PICPIK forgets tasks then). */
export function createCreditHolds(now: () => number, lifetimeMs: number) {
  const entries = new Set<Entry>();
  const byTask = new Map<string, Entry>();

  function drop(entry: Entry): void {
    entries.delete(entry);
    if (entry.taskUid !== undefined && byTask.get(entry.taskUid) === entry) byTask.delete(entry.taskUid);
  }

  return {
    /** Credits held for the designer now. */
    heldBy(designer: string): number {
      const at = now();
      let credits = 0;
      for (const entry of entries) {
        if (at - entry.at > lifetimeMs) drop(entry);
        else if (entry.designer === designer) credits += entry.credits;
      }
      return credits;
    },
    hold(designer: string, credits: number): CreditHold {
      const entry: Entry = { designer, credits, at: now() };
      entries.add(entry);
      return {
        bind(taskUid) {
          if (!entries.has(entry) || entry.taskUid !== undefined) return;
          entry.taskUid = taskUid;
          byTask.set(taskUid, entry);
        },
        release() {
          if (entry.taskUid === undefined) drop(entry);
        },
      };
    },
    /** The tasks the designer's holds are bound to: another replica may have seen them end. */
    boundTasksOf(designer: string): string[] {
      const uids: string[] = [];
      for (const entry of entries) if (entry.designer === designer && entry.taskUid !== undefined) uids.push(entry.taskUid);
      return uids;
    },
    /** The task ended (its cost is recorded, or it failed): its hold goes. */
    releaseTask(taskUid: string): void {
      const entry = byTask.get(taskUid);
      if (entry) drop(entry);
    },
  };
}

/** The images a task action makes: its lower bound in credits. */
export function imagesOfTask(action: string, params: Record<string, unknown>): number {
  if (action === 'GenerateBackgrounds') return typeof params['BatchSize'] === 'number' && params['BatchSize'] > 0 ? params['BatchSize'] : 1;
  if (action === 'RemoveBackgroundsInBatch') return Array.isArray(params['RawImages']) ? Math.max(1, params['RawImages'].length) : 1;
  return 1;
}
