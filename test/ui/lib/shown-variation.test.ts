// The jobs list marks as shown only what the canvas shows: of a layer's jobs, the one main showed
// last (a regression: after "Use this" on an older job, the newer job's card still said "shown").
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../src/protocol/shapes';
import { mergeJob } from '../../../src/plugin/job-store';
import { jobsShownOnCanvas, unusedVariationCount } from '../../../ui/lib/shown-variation';

function job(id: string, patch: Partial<JobRecord> = {}): JobRecord {
  return {
    id, createdAt: 1000, updatedAt: 1000, state: 'placed', taskUid: `uid-${id}`, pageId: 'p', layerIds: ['bottle'], lowestLayerId: 'bottle',
    frameId: null, area: { x: 0, y: 0, width: 100, height: 100 }, areaSpec: { kind: 'layer', padding: 25 }, placement: 'behind',
    output: { width: 512, height: 512 }, foreground: { width: 512, height: 512 }, resizeMode: 'ResizeAndFill', params: {}, label: 'x',
    imageCount: 1, placedImages: [0], placedNodeIds: ['n'], visibleIndex: 0, ...patch,
  };
}

describe('jobsShownOnCanvas', () => {
  it('picks, per layer set, the job shown last; other layers keep their own', () => {
    const oldest = job('a', { createdAt: 1, shownAt: 9 });
    const newest = job('b', { createdAt: 5, shownAt: 6 });
    const other = job('c', { layerIds: ['sneaker'], shownAt: 2 });
    expect([...jobsShownOnCanvas([oldest, newest, other])].sort()).toEqual(['a', 'c']);
  });

  it('falls back to the newest job when none carries shownAt (jobs stored before it existed)', () => {
    expect([...jobsShownOnCanvas([job('a', { createdAt: 1 }), job('b', { createdAt: 2 })])]).toEqual(['b']);
  });

  it('treats the same layers in another order as the same layer set, and skips jobs with nothing shown', () => {
    const shown = jobsShownOnCanvas([job('a', { layerIds: ['x', 'y'], shownAt: 1 }), job('b', { layerIds: ['y', 'x'], shownAt: 3 }), job('c', { visibleIndex: undefined, shownAt: 9 })]);
    expect([...shown]).toEqual(['b']);
  });
});

describe('mergeJob keeps the latest shownAt', () => {
  it('does not let the UI copy move shownAt back', () => {
    expect(mergeJob(job('a', { shownAt: 50 }), job('a', { shownAt: 10 })).shownAt).toBe(50);
    expect(mergeJob(job('a', { shownAt: 10 }), job('a', { shownAt: 50 })).shownAt).toBe(50);
    expect('shownAt' in mergeJob(job('a'), job('a'))).toBe(false);
  });
});

describe('unusedVariationCount', () => {
  it('counts the placed variations still in the document, apart from the one the canvas shows for this job', () => {
    const placed = job('a', { imageCount: 3, placedImages: [0, 1, 2], placedNodeIds: ['n0', 'n1', 'n2'], visibleIndex: 1 });
    expect(unusedVariationCount(placed, new Set(), true)).toBe(2);
    // Another job's variation is shown: every one of this job's is unused.
    expect(unusedVariationCount(placed, new Set(), false)).toBe(3);
    expect(unusedVariationCount(placed, new Set(['n0', 'n2']), true)).toBe(0);
    expect(unusedVariationCount(job('b', { placedImages: [], placedNodeIds: [] }), new Set(), false)).toBe(0);
  });
});
