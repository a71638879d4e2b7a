// The UI's poller over a real relay and emulator when the relay offers POST /v1/tasks/wait: it
// waits instead of polling, falls back to polling when /healthz does not offer it (or the route
// is gone), and loses nothing when the plugin closes mid-wait or the relay restarts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../src/protocol/shapes';
import type { RunningEmulator } from '../../../src/emulator/serve';
import { startRelayAsync, type RunningRelay } from '../../../src/relay/serve';
import { createJobPoller, type JobPoller } from '../../../ui/lib/poller';
import { placedByMain } from './main-placement';
import { createRelayClient, type FetchLike } from '../../../ui/lib/relay-client';
import { ALICE_TOKEN, makeRelayConfig, makeTestImagesAsync, relayEnvFor, startTestEmulatorAsync, validGenerateParams, type TestImages } from '../../relay/relay-fixtures';

let emulator: RunningEmulator;
let relay: RunningRelay;
let images: TestImages;
const dataDir = mkdtempSync(join(tmpdir(), 'poller-wait-'));
const startRelay = (port = '0') => startRelayAsync(makeRelayConfig(relayEnvFor(emulator.url, { RELAY_DATA_DIR: dataDir, RELAY_PORT: port })), { log: () => undefined });

beforeAll(async () => {
  images = await makeTestImagesAsync();
  // Tasks stay queued until a test finishes them.
  emulator = await startTestEmulatorAsync({ EMULATOR_QUEUE_MS: '600000', EMULATOR_RUN_MS: '0' });
  relay = await startRelay();
});
afterAll(async () => {
  await relay?.close();
  await emulator?.closeAsync();
});

function jobRecord(id: string, taskUid: string): JobRecord {
  const now = Date.now();
  return {
    id, createdAt: now, updatedAt: now, state: 'queued', taskUid, pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
    frameId: null, area: { x: 0, y: 0, width: 256, height: 256 }, areaSpec: { kind: 'layer', padding: 0 }, placement: 'behind',
    output: { width: 256, height: 256 }, foreground: { width: 32, height: 32 }, resizeMode: 'ResizeAndFill', params: {},
    label: id, imageCount: 1, placedImages: [], placedNodeIds: [],
  };
}

interface Calls { waits: number; polls: number }

/** A poller with the real relay client; `fetchThrough` may change what the relay seems to answer. */
function startPoller(fetchThrough: FetchLike = (input, init) => fetch(input, init)) {
  const real = createRelayClient({ relayUrl: relay.url, token: ALICE_TOKEN, fetch: fetchThrough });
  const calls: Calls = { waits: 0, polls: 0 };
  const latest = new Map<string, JobRecord>();
  const poller: JobPoller = createJobPoller({
    client: {
      ...real,
      callAsync: (action, params, options) => {
        if (action === 'ListTasksDetails') calls.polls += 1;
        return real.callAsync(action, params, options);
      },
      waitForTasksAsync: (uids, known, options) => {
        calls.waits += 1;
        return real.waitForTasksAsync(uids, known, options);
      },
    },
    placeImageAsync: async (jobId, imageIndex) => {
      const job = latest.get(jobId) as JobRecord;
      return placedByMain(job, imageIndex);
    },
    saveJobAsync: async () => undefined,
    onJob: (job) => latest.set(job.id, job),
    timers: { setTimeout: (callback, ms) => setTimeout(callback, Math.min(ms, 20)), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) },
  });
  return { poller, calls, latest };
}

async function submitAsync(): Promise<string> {
  const client = createRelayClient({ relayUrl: relay.url, token: ALICE_TOKEN });
  return (await client.callAsync('GenerateBackgrounds', validGenerateParams(images))).TaskUID;
}

const finishAsync = async (uid: string) => {
  const res = await fetch(`${emulator.url}/__admin/tasks/${uid}/finish`, { method: 'POST' });
  expect(res.status).toBe(200);
};

/** Polls `check` until it holds, for up to `withinMs` (a bound for a loaded machine, not a timing assertion). */
async function waitForAsync(check: () => boolean | Promise<boolean>, what: string, withinMs = 10_000): Promise<void> {
  for (const until = Date.now() + withinMs; Date.now() < until; ) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function waitersAsync(): Promise<number> {
  const text = await (await fetch(`${relay.url}/metrics`)).text();
  return Number(/^relay_task_waiters (\d+)$/m.exec(text)?.[1] ?? 'NaN');
}

describe('job poller and POST /v1/tasks/wait', () => {
  it('waits through the relay when /healthz offers it, and places the result once the task finishes', async () => {
    const { poller, calls, latest } = startPoller();
    const uid = await submitAsync();
    poller.track(jobRecord('waited', uid));
    await waitForAsync(async () => (await waitersAsync()) === 1, 'the wait to be open');
    await finishAsync(uid);
    await waitForAsync(() => latest.get('waited')?.state === 'placed', 'the job to be placed');
    poller.stop();
    expect(calls.waits).toBeGreaterThanOrEqual(2);
    expect(calls.polls).toBe(0);
    expect(latest.get('waited')?.placedImages).toEqual([0]);
    await waitForAsync(async () => (await waitersAsync()) === 0, 'no wait left open');
  });

  it.each([
    ['/healthz does not offer it', (url: string) => url.endsWith('/healthz')],
    ['the route answers 404', (url: string) => url.endsWith('/v1/tasks/wait')],
  ])('falls back to polling when %s', async (_how, isAltered) => {
    const olderRelay: FetchLike = async (input, init) => {
      if (!isAltered(input)) return fetch(input, init);
      if (input.endsWith('/v1/tasks/wait')) return new Response(JSON.stringify({ RetCode: 90404, Message: 'There is nothing at POST /v1/tasks/wait on this relay.' }), { status: 404 });
      const { tasksWait: _offer, ...health } = (await (await fetch(input, init)).json()) as Record<string, unknown>;
      return new Response(JSON.stringify(health), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const { poller, calls, latest } = startPoller(olderRelay);
    const uid = await submitAsync();
    poller.track(jobRecord('polled', uid));
    await waitForAsync(() => calls.polls >= 2, 'two polls');
    await finishAsync(uid);
    await waitForAsync(() => latest.get('polled')?.state === 'placed', 'the job to be placed');
    poller.stop();
    expect(calls.waits).toBeLessThanOrEqual(1);
    expect(await waitersAsync()).toBe(0);
  });

  it('loses nothing when the plugin closes mid-wait or the relay restarts', async () => {
    const first = startPoller();
    const uid = await submitAsync();
    first.poller.track(jobRecord('kept', uid));
    await waitForAsync(async () => (await waitersAsync()) === 1, 'the wait to be open');
    // The plugin closes: its wait is dropped and the relay stops watching.
    first.poller.stop();
    await waitForAsync(async () => (await waitersAsync()) === 0, 'the relay to stop watching');

    // Reopened, it resumes the stored job; then the relay restarts (same port, same store) mid-wait.
    const second = startPoller();
    second.poller.resume([first.latest.get('kept') ?? jobRecord('kept', uid)]);
    await waitForAsync(async () => (await waitersAsync()) === 1, 'the resumed wait to be open');
    const port = String(relay.port);
    await relay.close();
    relay = await startRelay(port);
    await finishAsync(uid);
    // After the restart the poller may be in its longest back-off (5 s) before it asks again.
    await waitForAsync(() => second.latest.get('kept')?.state === 'placed', 'the job to be placed after the restart', 25_000);
    second.poller.stop();
    expect(second.latest.get('kept')?.placedImages).toEqual([0]);
  }, 30_000);
});
