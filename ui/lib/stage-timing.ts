// User-timing measures for the stages between Generate and the TaskUID ("backdrop:export", ...),
// so a profile or `bench/click-to-task.ts` sees where a submit spends its time. One measure per
// stage per job: cheap enough to leave on.

export type SubmitStage = 'export' | 'decode' | 'compose' | 'encode' | 'base64' | 'validate' | 'post' | 'submit';

/** Records `stage` from `start` (a performance.now() reading) to now; a host without user timing skips it. */
export function markStage(stage: SubmitStage, start: number): void {
  performance.measure?.('backdrop:' + stage, { start, end: performance.now() });
}
