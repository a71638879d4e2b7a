// The undo journal: every change records how to revert it; figma.commitUndo closes a step, and
// the designer's Cmd+Z reverts the open step, or else the last committed one.

export interface StandinUndo {
  /** How many times the plugin called figma.commitUndo(). */
  readonly commits: number;
  /** Changes recorded since the last commitUndo. */
  readonly pendingChanges: number;
  /** What the designer's Cmd+Z does: reverts the open changes, or else the last committed step. */
  undoLast(): void;
}

export interface UndoJournal extends StandinUndo {
  /** Records how to revert one change; changes made while a step is reverted are not recorded. */
  record(revert: () => void): void;
  /** Runs a change that is no one's to undo (setting the document up). */
  unrecorded<T>(change: () => T): T;
  /** figma.commitUndo(). */
  commit(): void;
  /** figma.triggerUndo(): reverts the open step. */
  revertOpenStep(): void;
  /** Closes the open step as a committed one, as closing the plugin does. */
  closeOpenStep(): void;
}

/** `afterRevert` runs after every reverted step (even an empty one). */
export function createUndoJournal(afterRevert: () => void): UndoJournal {
  let openStep: (() => void)[] = [];
  const committedSteps: (() => void)[][] = [];
  let commits = 0;
  let replaying = false;
  const unrecorded = <T>(change: () => T): T => {
    replaying = true;
    try {
      return change();
    } finally {
      replaying = false;
    }
  };
  const revertStep = (step: (() => void)[]): void => {
    unrecorded(() => {
      for (let i = step.length - 1; i >= 0; i -= 1) (step[i] as () => void)();
    });
    afterRevert();
  };
  const takeOpenStep = (): (() => void)[] => {
    const step = openStep;
    openStep = [];
    return step;
  };
  return {
    record(revert) {
      if (!replaying) openStep.push(revert);
    },
    unrecorded,
    commit() {
      commits += 1;
      if (openStep.length > 0) committedSteps.push(takeOpenStep());
    },
    revertOpenStep() {
      revertStep(takeOpenStep());
    },
    closeOpenStep() {
      if (openStep.length > 0) committedSteps.push(takeOpenStep());
    },
    get commits() {
      return commits;
    },
    get pendingChanges() {
      return openStep.length;
    },
    undoLast() {
      if (openStep.length > 0) {
        revertStep(takeOpenStep());
        return;
      }
      const step = committedSteps.pop();
      if (step) revertStep(step);
    },
  };
}
