// The UI's real poller against a real relay in front of the emulator, with the emulator's task
// faults: a task that finishes without images, a Status string nobody knows, and a TaskUID the
// service does not know (left out of the list, or listed as a "task not found" entry).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../src/protocol/shapes';
import { UNKNOWN_STATUS_GRACE_MS, expectedTaskDurationMs } from '../../../src/contract/task-status';
import { createJobPoller, MISSING_TICKS_BEFORE_FAILED, type JobPoller } from '../../../ui/lib/poller';
import { placedByMain } from './main-placement';
import { createRelayClient } from '../../../ui/lib/relay-client';
import { ALICE_TOKEN, startRelayOverEmulatorAsync, validGenerateParams, type RelayOverEmulator } from '../../relay/relay-fixtures';

let stack: RelayOverEmulator;
let poller: JobPoller | undefined;

beforeAll(async () => {
  stack = await startRelayOverEmulatorAsync({ emulatorEnv: { EMULATOR_QUEUE_MS: '0', EMULATOR_RUN_MS: '0' }, deps: { log: () => undefined } });
});
afterEach(async () => {
  poller?.stop();
  poller = undefined;
  stack.emulator.emulator.setFaults({});
  stack.emulator.emulator.setSchedule({ queueMs: 0, runMs: 0 });
});
afterAll(async () => {
  await stack?.relay.close();
  await stack?.emulator.closeAsync();
});

function jobRecord(id: string, taskUid: string, createdAt = Date.now()): JobRecord {
  return {
    id, createdAt, updatedAt: createdAt, state: 'queued', taskUid, pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
    frameId: null, area: { x: 0, y: 0, width: 256, height: 256 }, areaSpec: { kind: 'layer', padding: 0 }, placement: 'behind',
    output: { width: 256, height: 256 }, foreground: { width: 32, height: 32 }, resizeMode: 'ResizeAndFill', params: {},
    label: id, imageCount: 1, placedImages: [], placedNodeIds: [],
  };
}

/** Polls with the real relay client; ticks come every few milliseconds so tests stay short. */
function startPoller() {
  const client = createRelayClient({ relayUrl: stack.relay.url, token: ALICE_TOKEN });
  const history = new Map<string, JobRecord[]>();
  const placed: string[] = [];
  poller = createJobPoller({
    client,
    placeImageAsync: async (jobId, imageIndex) => {
      placed.push(`${jobId}#${imageIndex}`);
      const last = history.get(jobId)?.at(-1) as JobRecord;
      return placedByMain(last, imageIndex);
    },
    saveJobAsync: async () => undefined,
    onJob: (job) => history.set(job.id, [...(history.get(job.id) ?? []), job]),
    timers: { setTimeout: (callback) => setTimeout(callback, 5), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) },
  });
  const latest = (jobId: string) => history.get(jobId)?.at(-1);
  return { poller, history, placed, latest };
}

async function submitAsync(): Promise<string> {
  const client = createRelayClient({ relayUrl: stack.relay.url, token: ALICE_TOKEN });
  return (await client.callAsync('GenerateBackgrounds', validGenerateParams(stack.images))).TaskUID;
}

async function waitForAsync(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('job poller over relay and emulator', () => {
  it('fails a task that PICPIK reports Finished with an empty ImgList, saying so', async () => {
    stack.emulator.emulator.setFaults({ finishEmptyRate: 1 });
    const { poller, latest, placed } = startPoller();
    poller.track(jobRecord('empty', await submitAsync()));
    await waitForAsync(() => latest('empty')?.state === 'failed', 'the job to fail');
    expect(latest('empty')?.error?.message).toBe('PICPIK finished without returning an image: generate it again');
    expect(latest('empty')?.error?.detail).toMatch(/Status "Finished", ErrorCode 0, 0 images/);
    expect(placed).toEqual([]);
    expect(poller.isTracking('empty')).toBe(false);
  });

  it('keeps waiting on an unknown Status and shows it, then fails once the job is past its deadline', async () => {
    stack.emulator.emulator.setFaults({ unknownStatusRate: 1, unknownStatus: 'Upscaling' });
    stack.emulator.emulator.setSchedule({ queueMs: 0, runMs: 600_000 });
    const { poller, latest, history } = startPoller();
    const fresh = await submitAsync();
    poller.track(jobRecord('fresh', fresh));
    await waitForAsync(() => /Upscaling/.test(latest('fresh')?.error?.message ?? ''), 'the unknown status to show');
    expect(latest('fresh')).toMatchObject({ state: 'running', error: { message: 'PICPIK reports the status "Upscaling", which Backdrop does not know: still waiting' } });

    // A job submitted longer ago than its expected run plus the grace period is given up.
    const overdueSince = Date.now() - expectedTaskDurationMs(256, 256, 1) - UNKNOWN_STATUS_GRACE_MS - 60_000;
    poller.track(jobRecord('overdue', await submitAsync(), overdueSince));
    await waitForAsync(() => latest('overdue')?.state === 'failed', 'the overdue job to fail');
    expect(latest('overdue')?.error?.message).toMatch(/still reports the status "Upscaling", which Backdrop does not know/);
    expect(latest('fresh')?.state).toBe('running');

    // The fresh one finishes after all: it is placed and the note goes away.
    await fetch(`${stack.emulator.url}/__admin/tasks/${fresh}/finish`, { method: 'POST' });
    await waitForAsync(() => latest('fresh')?.state === 'placed', 'the fresh job to be placed');
    expect(latest('fresh')?.error).toBeUndefined();
    expect(history.get('fresh')?.map((job) => job.state)).toContain('downloading');
  });

  it.each([
    ['left out of TaskDetailList', false],
    ['listed as a "task not found" entry', true],
  ])('gives up a TaskUID PICPIK does not know (%s) only after repeated misses', async (_how, listUnknownTasks) => {
    stack.emulator.emulator.setFaults({ listUnknownTasks });
    const { poller, history, latest } = startPoller();
    poller.track(jobRecord('ghost', 'ghosttaskuid00000000'));
    await waitForAsync(() => latest('ghost')?.state === 'failed', 'the job to fail');
    expect(latest('ghost')?.error?.message).toBe('PICPIK no longer knows this job: generate it again');
    expect(latest('ghost')?.error?.detail).toContain(`missing from ListTasksDetails ${MISSING_TICKS_BEFORE_FAILED} times`);
    expect(history.get('ghost')?.map((job) => job.state)).toEqual(['failed']);
  });
});
