// The job store applies the lifecycle: it expires open jobs strictly after the result lifetime
// and keeps main's state (main owns `placed`) over a copy from the UI that lags behind it.
import { PICPIK_RESULT_LIFETIME_MS } from '../../src/contract/result-lifetime';
import { describe, expect, it } from 'vitest';

import type { JobRecord } from '../../src/protocol/shapes';
import { mergeJob, tidyJobs } from '../../src/plugin/job-store';
import { afterCutoutStage } from '../../src/protocol/job-stages';

function job(patch: Partial<JobRecord> = {}): JobRecord {
  return {
    id: 'job-1', createdAt: 1_000, updatedAt: 1_000, state: 'running', taskUid: 'task-1', pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
    frameId: null, area: { x: 0, y: 0, width: 100, height: 100 }, areaSpec: { kind: 'layer', padding: 0 }, placement: 'behind',
    output: { width: 512, height: 512 }, foreground: { width: 512, height: 512 }, resizeMode: 'ResizeAndFill', params: {}, label: 'x',
    imageCount: 1, placedImages: [], placedNodeIds: [], ...patch,
  };
}

describe('job store and the lifecycle', () => {
  it('keeps an open job at exactly 24 h and expires it one millisecond later', () => {
    const at = 1_000 + PICPIK_RESULT_LIFETIME_MS;
    expect(tidyJobs([job()], at)[0]?.state).toBe('running');
    expect(tidyJobs([job()], at + 1)[0]).toMatchObject({ state: 'expired', updatedAt: at + 1 });
  });

  it('never expires a finished job by age', () => {
    expect(tidyJobs([job({ state: 'failed' })], 1_000 + PICPIK_RESULT_LIFETIME_MS + 1)[0]?.state).toBe('failed');
  });

  it('keeps main\'s placed over a lagging open copy, and takes a report the lifecycle allows', () => {
    const placed = job({ state: 'placed', placedImages: [0], placedNodeIds: ['5:1'] });
    expect(mergeJob(placed, job({ state: 'downloading' }))).toMatchObject({ state: 'placed', placedImages: [0], placedNodeIds: ['5:1'] });
    expect(mergeJob(job({ state: 'running' }), job({ state: 'downloading', imageCount: 3 }))).toMatchObject({ state: 'downloading', imageCount: 3 });
    expect(mergeJob(job({ state: 'expired' }), job({ state: 'running' })).state).toBe('expired');
  });

  it('takes the state of a stage main moved the job on to, and ignores a copy from the stage before', () => {
    const cutout = job({ stage: 'cutout', state: 'placed', placedImages: [0], placedNodeIds: ['cut-1'], cutout: { originalIds: ['1:2'], placedIds: [], thenGenerate: true, generateCount: 2 } });
    const moved = afterCutoutStage(cutout, 2_000);
    expect(moved).toMatchObject({ stage: 'generate', state: 'sending', layerIds: ['cut-1'], imageCount: 2 });
    expect(mergeJob(cutout, moved)).toMatchObject({ stage: 'generate', state: 'sending' });
    expect(mergeJob(moved, job({ stage: 'cutout', state: 'downloading' }))).toBe(moved);
  });
});
