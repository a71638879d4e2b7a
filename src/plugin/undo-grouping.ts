// One undo step per job: commit before a job's first frame (so the designer's earlier edit stays
// separate) and after its last, and never in between; placements run one at a time.

export interface UndoGrouping {
  beginJob(jobId: string): void;
  endJob(jobId: string): void;
  /**
   * Runs `work` (one image's placement) after every placement requested before it has settled.
   * Placing awaits page loads, so two requests handled side by side would mix their changes into
   * whichever step happens to be open; one at a time, each image's changes land in its own job's step.
   */
  oneAtATimeAsync<T>(work: () => Promise<T>): Promise<T>;
}

export function createUndoGrouping(api: PluginAPI): UndoGrouping {
  let openJobId: string | null = null;
  let tail: Promise<unknown> = Promise.resolve();
  const settle = () => undefined;
  return {
    beginJob(jobId) {
      if (openJobId === jobId) return;
      api.commitUndo();
      openJobId = jobId;
    },
    endJob(jobId) {
      if (openJobId !== jobId) return;
      api.commitUndo();
      openJobId = null;
    },
    oneAtATimeAsync(work) {
      const turn = tail.then(work);
      tail = turn.then(settle, settle);
      return turn;
    },
  };
}
