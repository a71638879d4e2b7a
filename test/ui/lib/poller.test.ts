import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJobPoller, DOWNLOAD_CONCURRENCY, FAILURES_BEFORE_PROBLEM, PROBLEM_DELAY_MS, type PollerOptions } from '../../../ui/lib/poller';
import { RelayError } from '../../../ui/lib/relay-error';
import type { JobRecord } from '../../../src/protocol/shapes';
import { placedByMain } from './main-placement';
import { fakeRelayCall } from './fake-relay-call';

function job(id: string, patch: Partial<JobRecord> = {}): JobRecord {
  return {
    id, createdAt: Date.now(), updatedAt: Date.now(), state: 'queued', taskUid: `uid-${id}`, pageId: 'p', layerIds: ['l'], lowestLayerId: 'l',
    frameId: null, area: { x: 0, y: 0, width: 100, height: 100 }, areaSpec: { kind: 'layer', padding: 25 }, placement: 'behind',
    output: { width: 512, height: 512 }, foreground: { width: 512, height: 512 }, resizeMode: 'ResizeAndFill', params: {}, label: 'x',
    imageCount: 2, placedImages: [], placedNodeIds: [], ...patch,
  };
}

type Status = { Status: string; ImgList?: string[]; ErrorCode?: number; ErrorMassage?: string; Seed?: number; ConsumeApiPoint?: number };

function fakeRelay() {
  const statuses = new Map<string, Status>();
  const listCalls: string[][] = [];
  const terminated: string[] = [];
  let failNext = 0;
  const client: PollerOptions['client'] = {
    callAsync: fakeRelayCall((action, params) => {
      if (action === 'TerminateTask') {
        terminated.push(params.TaskUID as string);
        return { RetCode: 0, Action: 'TerminateTaskResponse' };
      }
      const uids = params.TaskUIDList as string[];
      listCalls.push(uids);
      if (failNext > 0) {
        failNext -= 1;
        throw new RelayError({ kind: 'unreachable', detail: 'fetch failed' });
      }
      return {
        RetCode: 0, Action: 'ListTasksDetailsResponse',
        TaskDetailList: uids.filter((uid) => statuses.has(uid)).map((uid) => ({ TaskUID: uid, ...statuses.get(uid) })),
      };
    }).callAsync,
    downloadImageAsync: vi.fn(async (uid: string, index: number) => new Uint8Array([index, uid.length])),
  };
  return { client, statuses, listCalls, terminated, failTimes: (n: number) => { failNext = n; } };
}

function setup(relay = fakeRelay()) {
  const saved: JobRecord[] = [];
  const placed: { jobId: string; imageIndex: number; png: number[] }[] = [];
  const latest = new Map<string, JobRecord>();
  const poller = createJobPoller({
    client: relay.client,
    placeImageAsync: async (jobId, imageIndex, png) => {
      placed.push({ jobId, imageIndex, png: [...png] });
      const current = latest.get(jobId)!;
      return placedByMain(current, imageIndex);
    },
    saveJobAsync: async (record) => { saved.push(record); },
    onJob: (record) => latest.set(record.id, record),
  });
  return { poller, relay, saved, placed, latest };
}

describe('job poller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends ONE ListTasksDetails per tick carrying every open TaskUID', async () => {
    const { poller, relay } = setup();
    for (let i = 0; i < 12; i += 1) {
      relay.statuses.set(`uid-j${i}`, { Status: 'Running' });
      poller.track(job(`j${i}`));
    }
    await vi.advanceTimersByTimeAsync(999);
    expect(relay.listCalls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(relay.listCalls).toHaveLength(1);
    expect(relay.listCalls[0]).toHaveLength(12);
    await vi.advanceTimersByTimeAsync(1500);
    expect(relay.listCalls).toHaveLength(2);
    expect(relay.listCalls[1]).toHaveLength(12);
    poller.stop();
  });

  it('backs off 1 s, 1.5 s, 2.25 s ... capped at 5 s, and resets when a job is added', async () => {
    const { poller, relay } = setup();
    relay.statuses.set('uid-a', { Status: 'Queuing' });
    poller.track(job('a'));
    const delays: (number | null)[] = [poller.nextDelay()];
    for (let i = 0; i < 7; i += 1) {
      await vi.advanceTimersByTimeAsync(poller.nextDelay()!);
      delays.push(poller.nextDelay());
    }
    expect(delays).toEqual([1000, 1500, 2250, 3375, 5000, 5000, 5000, 5000]);
    relay.statuses.set('uid-b', { Status: 'Queuing' });
    poller.track(job('b'));
    expect(poller.nextDelay()).toBe(1000);
    poller.stop();
  });

  it('downloads every image of a finished task, places them one per message, and stops when nothing is open', async () => {
    const { poller, relay, placed, latest, saved } = setup();
    relay.statuses.set('uid-a', { Status: 'Running' });
    poller.track(job('a'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(latest.get('a')?.state).toBe('running');
    relay.statuses.set('uid-a', { Status: 'Finished', ImgList: ['u0', 'u1'], Seed: 77, ConsumeApiPoint: 4 });
    await vi.advanceTimersByTimeAsync(1500);
    expect(placed.map((p) => [p.jobId, p.imageIndex])).toEqual([['a', 0], ['a', 1]]);
    expect(placed[1]?.png).toEqual([1, 5]);
    const done = latest.get('a')!;
    expect(done).toMatchObject({ state: 'placed', seed: 77, consumeApiPoint: 4, placedImages: [0, 1], imageCount: 2 });
    expect(saved.map((record) => record.state)).toEqual(['running', 'downloading', 'placed']);
    expect(poller.nextDelay()).toBeNull();
    const calls = relay.listCalls.length;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(relay.listCalls.length).toBe(calls);
  });

  it('downloads a job\'s images concurrently (bounded) and still places them one per message in index order', async () => {
    const relay = fakeRelay();
    // Downloads resolve only when the test says so, in any order it likes.
    const gates = new Map<number, (bytes: Uint8Array) => void>();
    const started: number[] = [];
    relay.client.downloadImageAsync = vi.fn(
      (_uid: string, index: number) =>
        new Promise<Uint8Array>((resolve) => {
          started.push(index);
          gates.set(index, resolve);
        }),
    );
    const { poller, placed, latest } = setup(relay);
    relay.statuses.set('uid-a', { Status: 'Finished', ImgList: ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'] });
    poller.track(job('a', { imageCount: 6 }));
    await vi.advanceTimersByTimeAsync(1000);
    // All of the first window is in flight at once, none placed yet.
    expect(started).toEqual([0, 1, 2, 3].slice(0, DOWNLOAD_CONCURRENCY));
    expect(placed).toHaveLength(0);
    // Later images arrive first: they wait, image 0 is still placed first.
    gates.get(3)!(new Uint8Array([3]));
    gates.get(1)!(new Uint8Array([1]));
    gates.get(2)!(new Uint8Array([2]));
    await vi.advanceTimersByTimeAsync(0);
    expect(placed).toHaveLength(0);
    expect(started).toHaveLength(DOWNLOAD_CONCURRENCY);
    gates.get(0)!(new Uint8Array([0]));
    await vi.advanceTimersByTimeAsync(0);
    expect(placed.map((p) => [p.imageIndex, p.png[0]])).toEqual([[0, 0], [1, 1], [2, 2], [3, 3]]);
    // Each placement frees a slot: the rest start only then.
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    gates.get(5)!(new Uint8Array([5]));
    gates.get(4)!(new Uint8Array([4]));
    await vi.advanceTimersByTimeAsync(0);
    expect(placed.map((p) => p.imageIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(relay.client.downloadImageAsync).toHaveBeenCalledTimes(6);
    expect(latest.get('a')).toMatchObject({ state: 'placed', placedImages: [0, 1, 2, 3, 4, 5] });
    // Polling the task went on as one ListTasksDetails per tick: just the one that saw it finished.
    expect(relay.listCalls).toEqual([['uid-a']]);
  });

  it('a failed download among concurrent ones sends the job back to polling and skips what was placed', async () => {
    const relay = fakeRelay();
    let failIndex2 = true;
    relay.client.downloadImageAsync = vi.fn(async (_uid: string, index: number) => {
      if (index === 2 && failIndex2) throw new RelayError({ kind: 'auth', status: 401, detail: 'token' });
      return new Uint8Array([index]);
    });
    const { poller, placed, latest } = setup(relay);
    relay.statuses.set('uid-a', { Status: 'Finished', ImgList: ['u0', 'u1', 'u2', 'u3'] });
    poller.track(job('a', { imageCount: 4 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(placed.map((p) => p.imageIndex)).toEqual([0, 1]);
    expect(latest.get('a')?.state).toBe('running');
    failIndex2 = false;
    await vi.advanceTimersByTimeAsync(poller.nextDelay()!);
    expect(placed.map((p) => p.imageIndex)).toEqual([0, 1, 2, 3]);
    expect(latest.get('a')?.state).toBe('placed');
  });

  it('two jobs finishing in the same tick are placed one job after the other, never interleaved', async () => {
    const { poller, relay, placed, latest } = setup();
    relay.statuses.set('uid-a', { Status: 'Finished', ImgList: ['a0', 'a1'] });
    relay.statuses.set('uid-b', { Status: 'Finished', ImgList: ['b0', 'b1'] });
    poller.track(job('a'));
    poller.track(job('b'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(relay.listCalls).toEqual([['uid-a', 'uid-b']]);
    expect(placed.map((p) => `${p.jobId}${p.imageIndex}`)).toEqual(['a0', 'a1', 'b0', 'b1']);
    // The bytes went with the right job: [index, uid length] from the fake relay.
    expect(placed.map((p) => p.png)).toEqual([[0, 5], [1, 5], [0, 5], [1, 5]]);
    expect(latest.get('a')).toMatchObject({ state: 'placed', placedImages: [0, 1] });
    expect(latest.get('b')).toMatchObject({ state: 'placed', placedImages: [0, 1] });
  });

  it('a later job waits for the earlier job\'s last placement even when its own downloads arrive first', async () => {
    const relay = fakeRelay();
    const gates = new Map<string, (bytes: Uint8Array) => void>();
    const started: string[] = [];
    relay.client.downloadImageAsync = vi.fn(
      (uid: string, index: number) =>
        new Promise<Uint8Array>((resolve) => {
          started.push(`${uid}/${index}`);
          gates.set(`${uid}/${index}`, resolve);
        }),
    );
    const events: string[] = [];
    const latest = new Map<string, JobRecord>();
    const poller = createJobPoller({
      client: relay.client,
      placeImageAsync: async (jobId, imageIndex) => {
        events.push(`start ${jobId}${imageIndex}`);
        // Main takes a while per image: the next placement must not start meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push(`end ${jobId}${imageIndex}`);
        const current = latest.get(jobId)!;
        return placedByMain(current, imageIndex);
      },
      saveJobAsync: async () => undefined,
      onJob: (record) => latest.set(record.id, record),
    });
    relay.statuses.set('uid-a', { Status: 'Finished', ImgList: ['a0', 'a1', 'a2'] });
    relay.statuses.set('uid-b', { Status: 'Finished', ImgList: ['b0', 'b1'] });
    poller.track(job('a', { imageCount: 3 }));
    poller.track(job('b'));
    await vi.advanceTimersByTimeAsync(1000);
    // Both jobs download at once (b is prefetched while a waits for its images).
    expect(started).toEqual(['uid-a/0', 'uid-a/1', 'uid-a/2', 'uid-b/0', 'uid-b/1']);
    gates.get('uid-b/0')!(new Uint8Array([0]));
    gates.get('uid-b/1')!(new Uint8Array([1]));
    gates.get('uid-a/1')!(new Uint8Array([1]));
    await vi.advanceTimersByTimeAsync(200);
    expect(events).toEqual([]);
    gates.get('uid-a/0')!(new Uint8Array([0]));
    await vi.advanceTimersByTimeAsync(200);
    expect(events).toEqual(['start a0', 'end a0', 'start a1', 'end a1']);
    gates.get('uid-a/2')!(new Uint8Array([2]));
    await vi.advanceTimersByTimeAsync(500);
    expect(events).toEqual(['start a0', 'end a0', 'start a1', 'end a1', 'start a2', 'end a2', 'start b0', 'end b0', 'start b1', 'end b1']);
    expect(latest.get('a')?.state).toBe('placed');
    expect(latest.get('b')?.state).toBe('placed');
  });

  it('a job whose placement fails releases the queue for the next job', async () => {
    const relay = fakeRelay();
    relay.client.downloadImageAsync = vi.fn(async (uid: string, index: number) => {
      if (uid === 'uid-a' && index === 1) throw new RelayError({ kind: 'auth', status: 401, detail: 'token' });
      return new Uint8Array([index]);
    });
    const { poller, placed, latest } = setup(relay);
    relay.statuses.set('uid-a', { Status: 'Finished', ImgList: ['a0', 'a1'] });
    relay.statuses.set('uid-b', { Status: 'Finished', ImgList: ['b0', 'b1'] });
    poller.track(job('a'));
    poller.track(job('b'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(placed.map((p) => `${p.jobId}${p.imageIndex}`)).toEqual(['a0', 'b0', 'b1']);
    expect(latest.get('a')?.state).toBe('running');
    expect(latest.get('b')?.state).toBe('placed');
    poller.stop();
  });

  it('marks failed tasks with PICPIK\'s message', async () => {
    const { poller, relay, latest } = setup();
    relay.statuses.set('uid-a', { Status: 'Error', ErrorCode: 12, ErrorMassage: 'foreground has no alpha' });
    poller.track(job('a'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(latest.get('a')?.state).toBe('failed');
    expect(latest.get('a')?.error?.message).toMatch(/foreground has no alpha/);
  });

  it('rides out transient errors with backoff, then reports a connection problem but keeps trying slowly, and recovers', async () => {
    const states: string[] = [];
    const relay = fakeRelay();
    const { poller, latest } = setup(relay);
    relay.statuses.set('uid-a', { Status: 'Running' });
    relay.failTimes(FAILURES_BEFORE_PROBLEM + 1);
    poller.track(job('a'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(poller.connection().status).toBe('retrying');
    expect(poller.nextDelay()).toBe(2000);
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(4000);
    states.push(poller.connection().status);
    expect(poller.connection().status).toBe('problem');
    expect(poller.connection().message).toMatch(/Connection problem: Relay unreachable/);
    expect(poller.nextDelay()).toBe(PROBLEM_DELAY_MS);
    await vi.advanceTimersByTimeAsync(PROBLEM_DELAY_MS); // fails once more
    await vi.advanceTimersByTimeAsync(PROBLEM_DELAY_MS); // succeeds
    expect(poller.connection()).toEqual({ status: 'ok', failures: 0 });
    expect(latest.get('a')?.state).toBe('running');
    expect(states).toEqual(['problem']);
    poller.stop();
  });

  it('resumes restored open jobs, fails ones that never got a TaskUID, and skips images already placed', async () => {
    const { poller, relay, placed, latest } = setup();
    relay.statuses.set('uid-a', { Status: 'Finished', ImgList: ['u0', 'u1'] });
    poller.resume([
      job('a', { state: 'downloading', placedImages: [0], placedNodeIds: ['n0'] }),
      job('b', { state: 'sending', taskUid: undefined }),
      job('c', { state: 'placed' }),
      job('d', { state: 'queued', createdAt: Date.now() - 25 * 3600_000 }),
    ]);
    expect(latest.get('b')?.state).toBe('failed');
    expect(latest.get('d')?.state).toBe('expired');
    expect(latest.has('c')).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(relay.listCalls).toEqual([['uid-a']]);
    expect(placed.map((p) => p.imageIndex)).toEqual([1]);
    expect(latest.get('a')?.state).toBe('placed');
  });

  it('cancel calls TerminateTask and stops polling that job', async () => {
    const { poller, relay, latest } = setup();
    relay.statuses.set('uid-a', { Status: 'Running' });
    relay.statuses.set('uid-b', { Status: 'Running' });
    poller.track(job('a'));
    poller.track(job('b'));
    await vi.advanceTimersByTimeAsync(1000);
    const cancelled = await poller.cancelAsync('a');
    expect(cancelled?.state).toBe('cancelled');
    expect(relay.terminated).toEqual(['uid-a']);
    await vi.advanceTimersByTimeAsync(1500);
    expect(relay.listCalls.at(-1)).toEqual(['uid-b']);
    expect(latest.get('a')?.state).toBe('cancelled');
    await poller.cancelAsync('b');
    expect(poller.nextDelay()).toBeNull();
  });
});
