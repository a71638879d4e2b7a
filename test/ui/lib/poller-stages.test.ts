// A two-stage job in the poller: once main has placed the cut-outs and moved the job on, the
// poller hands it to the next stage instead of marking it placed; a job restored between the
// stages goes to the next stage instead of failing for its missing TaskUID.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJobPoller, type PollerOptions } from '../../../ui/lib/poller';
import { afterCutoutStage } from '../../../src/protocol/job-stages';
import type { JobRecord } from '../../../src/protocol/shapes';
import { fakeRelayCall } from './fake-relay-call';

function cutoutJob(patch: Partial<JobRecord> = {}): JobRecord {
  return {
    id: 'job-c', createdAt: Date.now(), updatedAt: Date.now(), state: 'queued', stage: 'cutout', taskUid: 'uid-cut', pageId: 'p', layerIds: ['photo'],
    lowestLayerId: 'photo', frameId: null, area: { x: 0, y: 0, width: 100, height: 100 }, areaSpec: { kind: 'layer', padding: 25 }, placement: 'behind',
    output: { width: 512, height: 512 }, foreground: { width: 512, height: 512 }, resizeMode: 'ResizeAndFill', params: {}, label: 'x',
    imageCount: 1, placedImages: [], placedNodeIds: [], cutout: { originalIds: ['photo'], placedIds: [], thenGenerate: true, generateCount: 3 }, ...patch,
  };
}

function setup() {
  const saved: JobRecord[] = [];
  const nextStage: JobRecord[] = [];
  const relay = fakeRelayCall((_action, params) => ({
    RetCode: 0, Action: 'ListTasksDetailsResponse',
    TaskDetailList: (params.TaskUIDList as string[]).map((uid) => ({ TaskUID: uid, Status: 'Finished', ImgList: ['https://img/0.png'], ConsumeApiPoint: 1 })),
  }));
  const client: PollerOptions['client'] = {
    callAsync: relay.callAsync,
    downloadImageAsync: vi.fn(async () => new Uint8Array([1, 2, 3])),
  };
  const poller = createJobPoller({
    client,
    // Main places the cut-out and moves the job on, as the placeImage handler does.
    placeImageAsync: async (jobId, imageIndex) => afterCutoutStage({ ...cutoutJob({ consumeApiPoint: 1 }), id: jobId, placedImages: [imageIndex], placedNodeIds: ['cut-1'], state: 'placed' }, Date.now()),
    saveJobAsync: async (record) => {
      saved.push(record);
    },
    onNextStage: (record) => nextStage.push(record),
  });
  return { poller, saved, nextStage, relay };
}

describe('two-stage jobs in the poller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands the job main moved on to its generate stage, over the cut-out, never marking it placed', async () => {
    const { poller, saved, nextStage } = setup();
    poller.track(cutoutJob());
    for (let i = 0; i < 20 && nextStage.length === 0; i += 1) await vi.advanceTimersByTimeAsync(100);
    expect(nextStage).toHaveLength(1);
    expect(nextStage[0]).toMatchObject({ stage: 'generate', state: 'sending', layerIds: ['cut-1'], imageCount: 3, placedImages: [] });
    expect(nextStage[0]?.taskUid).toBeUndefined();
    expect(nextStage[0]?.cutout).toMatchObject({ taskUid: 'uid-cut', consumeApiPoint: 1, placedIds: ['cut-1'] });
    expect(saved.some((record) => record.state === 'placed')).toBe(false);
    expect(poller.isTracking('job-c')).toBe(false);
    poller.stop();
  });

  it('a job restored between the stages goes to its generate stage, polling nothing', async () => {
    const { poller, nextStage, saved, relay } = setup();
    const between = afterCutoutStage({ ...cutoutJob(), placedImages: [0], placedNodeIds: ['cut-1'] }, Date.now());
    poller.resume([between, cutoutJob({ id: 'job-lost', stage: 'generate', state: 'sending', taskUid: undefined, cutout: undefined })]);
    expect(nextStage.map((record) => record.id)).toEqual(['job-c']);
    // A plain job without a TaskUID still fails as before.
    expect(saved.map((record) => [record.id, record.state])).toEqual([['job-lost', 'failed']]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(relay.sendAsync).not.toHaveBeenCalled();
  });
});
