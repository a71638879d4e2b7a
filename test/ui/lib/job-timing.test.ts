import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../src/protocol/shapes';
import { jobDurationMs, withFinishedAt } from '../../../ui/lib/job-timing';

const job = (patch: Partial<JobRecord>) => ({ createdAt: 1_000, updatedAt: 6_000, state: 'running', ...patch }) as JobRecord;

describe('job timing', () => {
  it('stamps finishedAt once, when the job first reaches a final state', () => {
    const placed = withFinishedAt(job({ state: 'placed' }));
    expect(placed.finishedAt).toBe(6_000);
    expect(withFinishedAt({ ...placed, updatedAt: 17_000 }).finishedAt).toBe(6_000);
    expect(withFinishedAt(job({ state: 'running' })).finishedAt).toBeUndefined();
  });

  it('measures to finishedAt, not to a later update; a running job to now', () => {
    expect(jobDurationMs(job({ state: 'placed', finishedAt: 6_000, updatedAt: 17_000 }), 99_000)).toBe(5_000);
    expect(jobDurationMs(job({ state: 'running' }), 9_000)).toBe(8_000);
    // Records saved before finishedAt existed fall back to their last update.
    expect(jobDurationMs(job({ state: 'failed' }), 99_000)).toBe(5_000);
  });
});
