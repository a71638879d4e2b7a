// The relay's cache of finished tasks' image lists: bounds and expiry, and that a poll followed by
// image downloads costs no extra ListTasksDetails upstream while cached URLs meet the same SSRF rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { RunningEmulator } from '../../src/emulator/serve';
import { createRelayApp } from '../../src/relay/app';
import { createFinishedTaskCache } from '../../src/relay/finished-task-cache';
import type { RunningRelay } from '../../src/relay/serve';
import {
  authHeaders,
  createScriptedFetch,
  emulatorStatsAsync,
  jsonResponse,
  makeRelayConfig,
  makeTestImagesAsync,
  startRelayOverEmulatorAsync,
  validGenerateBody,
  type TestImages,
} from './relay-fixtures';

function finishedAnswer(details: Record<string, unknown>[]): Record<string, unknown> {
  return { Action: 'ListTasksDetails', RetCode: 0, Message: '', TaskDetailList: details };
}

describe('createFinishedTaskCache', () => {
  it('keeps finished tasks with images only, from answers with RetCode 0', () => {
    const cache = createFinishedTaskCache({ maxTasks: 10, ttlMs: 1000, now: () => 0 });
    cache.rememberFromAnswer(
      finishedAnswer([
        { TaskUID: 'done', Status: 'Finished', ImgList: ['https://cdn.test/a.png', 'https://cdn.test/b.png'], ErrorCode: 0 },
        { TaskUID: 'queued', Status: 'Queuing', ImgList: [] },
        { TaskUID: 'failed', Status: 'Finished', ImgList: ['https://cdn.test/c.png'], ErrorCode: 5001 },
        { TaskUID: 'empty', Status: 'Finished', ImgList: [] },
        { TaskUID: 'odd', Status: 'Finished', ImgList: [42] },
      ]),
    );
    cache.rememberFromAnswer({ ...finishedAnswer([{ TaskUID: 'refused', Status: 'Finished', ImgList: ['https://cdn.test/d.png'] }]), RetCode: 7 });
    expect(cache.imagesOf('done')).toEqual(['https://cdn.test/a.png', 'https://cdn.test/b.png']);
    for (const uid of ['queued', 'failed', 'empty', 'odd', 'refused', 'unknown']) expect(cache.imagesOf(uid)).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('evicts the oldest task beyond its size and forgets tasks after the TTL', () => {
    let clock = 0;
    const cache = createFinishedTaskCache({ maxTasks: 3, ttlMs: 1000, now: () => clock });
    for (const uid of ['t1', 't2', 't3']) cache.remember(uid, [`https://cdn.test/${uid}.png`]);
    cache.remember('t1', ['https://cdn.test/t1-again.png']); // re-seen: now the newest
    cache.remember('t4', ['https://cdn.test/t4.png']);
    expect(cache.size).toBe(3);
    expect(cache.imagesOf('t2')).toBeUndefined();
    expect(cache.imagesOf('t1')).toEqual(['https://cdn.test/t1-again.png']);
    clock = 999;
    expect(cache.imagesOf('t3')).toEqual(['https://cdn.test/t3.png']);
    clock = 1000;
    expect(cache.imagesOf('t3')).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});

describe('image downloads after a poll (relay + emulator)', () => {
  let emulator: RunningEmulator;
  let relay: RunningRelay;
  let images: TestImages;

  beforeAll(async () => {
    ({ images, emulator, relay } = await startRelayOverEmulatorAsync({
      emulatorEnv: { EMULATOR_QUEUE_MS: '600000', EMULATOR_RUN_MS: '0' },
      deps: { log: () => undefined },
    }));
  });

  afterAll(async () => {
    await relay?.close();
    await emulator?.closeAsync();
  });

  async function listTasksDetailsCountAsync(): Promise<number> {
    const stats = await emulatorStatsAsync(emulator);
    return stats.requests.byAction['ListTasksDetails'] ?? 0;
  }

  async function postAsync(body: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${relay.url}/`, { method: 'POST', headers: authHeaders(), body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  async function submitFinishedAsync(batchSize: number): Promise<string> {
    const submitted = await postAsync({ ...validGenerateBody(images), BatchSize: batchSize });
    const taskUid = submitted['TaskUID'] as string;
    expect((await fetch(`${emulator.url}/__admin/tasks/${taskUid}/finish`, { method: 'POST' })).status).toBe(200);
    return taskUid;
  }

  async function downloadAsync(taskUid: string, index: number): Promise<{ status: number; width?: number | undefined }> {
    const response = await fetch(`${relay.url}/v1/tasks/${taskUid}/images/${index}`, { headers: authHeaders() });
    const bytes = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) return { status: response.status };
    return { status: response.status, width: (await sharp(bytes).metadata()).width };
  }

  it('polling then downloading 4 images costs no extra ListTasksDetails upstream', async () => {
    const taskUid = await submitFinishedAsync(4);
    const beforePoll = await listTasksDetailsCountAsync();
    const polled = await postAsync({ Action: 'ListTasksDetails', TaskUIDList: [taskUid] });
    const detail = (polled['TaskDetailList'] as { Status: string; ImgList: string[] }[])[0];
    expect(detail?.Status).toBe('Finished');
    expect(detail?.ImgList).toHaveLength(4);
    expect((await listTasksDetailsCountAsync()) - beforePoll).toBe(1);

    const downloads = await Promise.all([0, 1, 2, 3].map((index) => downloadAsync(taskUid, index)));
    expect(downloads).toEqual([0, 1, 2, 3].map(() => ({ status: 200, width: 256 })));
    expect((await listTasksDetailsCountAsync()) - beforePoll).toBe(1);

    // An index the finished task does not have is still looked up and refused.
    expect((await downloadAsync(taskUid, 4)).status).toBe(404);
  });

  it('looks a task up upstream once when it was never polled through the relay, then reuses that', async () => {
    const taskUid = await submitFinishedAsync(2);
    const before = await listTasksDetailsCountAsync();
    expect((await downloadAsync(taskUid, 0)).status).toBe(200);
    expect((await downloadAsync(taskUid, 1)).status).toBe(200);
    expect((await listTasksDetailsCountAsync()) - before).toBe(1);
  });
});

describe('cached image URLs and the SSRF rules', () => {
  it('refuses a cached link-local URL exactly as a fresh one, without asking upstream again', async () => {
    const images = await makeTestImagesAsync();
    const upstream = createScriptedFetch((call) =>
      call.body
        ? jsonResponse(
            finishedAnswer([{ TaskUID: 'task-1', Status: 'Finished', ImgList: ['https://cdn.picpik.test/a.png', 'https://169.254.169.254/latest'], ErrorCode: 0 }]),
          )
        : new Response(images.pngBytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'image/png' } }),
    );
    const app = createRelayApp(makeRelayConfig(), {
      fetch: upstream.fetch,
      log: () => undefined,
      resolveHost: async () => ['93.184.216.34'],
    });
    const poll = await app.request('/', { method: 'POST', headers: authHeaders(), body: JSON.stringify({ Action: 'ListTasksDetails', TaskUIDList: ['task-1'] }) });
    expect(poll.status).toBe(200);
    const lookups = () => upstream.calls.filter((call) => call.body?.['Action'] === 'ListTasksDetails').length;
    expect(lookups()).toBe(1);

    expect((await app.request('/v1/tasks/task-1/images/0', { headers: authHeaders() })).status).toBe(200);
    const refused = await app.request('/v1/tasks/task-1/images/1', { headers: authHeaders() });
    expect(refused.status).toBe(502);
    expect(lookups()).toBe(1);
    expect(upstream.calls.map((call) => call.url)).not.toContain('https://169.254.169.254/latest');
  });
});
