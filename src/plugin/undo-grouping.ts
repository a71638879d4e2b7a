// One undo step per job: commit before a job's first frame (so the designer's earlier edit stays
// separate) and after its last, and never in between.

export interface UndoGrouping {
  beginJob(jobId: string): void;
  endJob(jobId: string): void;
}

export function createUndoGrouping(api: PluginAPI): UndoGrouping {
  let openJobId: string | null = null;
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
  };
}
