// User-timing measures for the stages between Generate and the TaskUID ("backdrop:export", ...),
// so a profile or `bench/click-to-task.ts` sees where a submit spends its time. One measure per
// stage per job: cheap enough to leave on.

export type SubmitStage = 'export' | 'decode' | 'compose' | 'encode' | 'base64' | 'validate' | 'post' | 'submit';

export const STAGE_MEASURE_PREFIX = 'backdrop:';

function record(stage: SubmitStage, start: number): void {
  if (typeof performance === 'undefined' || typeof performance.measure !== 'function') return;
  try {
    performance.measure(STAGE_MEASURE_PREFIX + stage, { start, end: performance.now() });
  } catch {
    // A host without the options form of measure: the timing is only a diagnostic.
  }
}

/** The clock the measures use, for a stage that spans several calls. */
export function stageClock(): number {
  return typeof performance === 'undefined' ? Date.now() : performance.now();
}

export function timeStage<T>(stage: SubmitStage, work: () => T): T {
  const start = stageClock();
  try {
    return work();
  } finally {
    record(stage, start);
  }
}

export async function timeStageAsync<T>(stage: SubmitStage, work: () => Promise<T>): Promise<T> {
  const start = stageClock();
  try {
    return await work();
  } finally {
    record(stage, start);
  }
}

/** The whole way from Generate to the TaskUID, started with stageClock(). */
export function markSubmitted(start: number): void {
  record('submit', start);
}
