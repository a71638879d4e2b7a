// The kinds of job Backdrop runs (its stages) and what sets each apart, in one table both halves
// read. A new kind is one entry here plus its own handlers: the UI's start function
// (ui/lib/cutout-job.ts, clean-plate.ts, start-job.ts) and main's placement (place-image.ts).
// Free of zod: the main thread bundles it.

/**
 * `cutout` (RemoveBackground / RemoveBackgroundsInBatch: a cut-out layer over each opaque
 * original), `generate` (GenerateBackgrounds) and `plate` (RemoveContents: a clean plate of a
 * placed background, the subject erased). A job without `stage` (every job stored before stages
 * existed) is a generate job.
 */
export const JOB_STAGES = ['cutout', 'generate', 'plate'] as const;
export type JobStage = (typeof JOB_STAGES)[number];

export interface JobKind {
  /** Whether its images are background variations of the layer's Backdrop (tiles, Use this). */
  placesBackgrounds: boolean;
  /** Whether a clean plate can be made of one of its placed images. */
  clearable: boolean;
  /** The stage a job of this kind may move on to once placed (see job-stages.ts). */
  next?: JobStage;
}

export const JOB_KINDS: Readonly<Record<JobStage, JobKind>> = {
  cutout: { placesBackgrounds: false, clearable: false, next: 'generate' },
  generate: { placesBackgrounds: true, clearable: true },
  plate: { placesBackgrounds: true, clearable: false },
};

/** The stage a record runs now; records stored before stages existed are generate jobs. */
export function jobStageOf(job: { stage?: JobStage }): JobStage {
  return job.stage || 'generate';
}

export function jobKindOf(job: { stage?: JobStage }): JobKind {
  return JOB_KINDS[jobStageOf(job)];
}

/** True when `later` comes after `earlier` in a job's chain of stages. */
export function isLaterStage(earlier: JobStage, later: JobStage): boolean {
  for (let next = JOB_KINDS[earlier].next; next !== undefined; next = JOB_KINDS[next].next) if (next === later) return true;
  return false;
}
