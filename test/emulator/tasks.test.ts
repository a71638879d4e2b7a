// Task behaviour over HTTP: the Queuing -> Running -> Finished lifecycle, batch polling with
// unknown ids, termination, expiry of images, credits, and the memory caps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_ERROR_CODES, RET_CODES } from '../../src/emulator/ret-codes';
import { classifyTaskStatus } from '../../src/contract/task-status';
import {
  downloadAsync,
  generateParams,
  makeForegroundPngAsync,
  postSignedRawAsync,
  refusalOfAsync,
  startTestEmulatorAsync,
  waitForTasksAsync,
  type TestEmulator,
} from './emulator-fixture';

let foreground: Buffer;
beforeAll(async () => {
  foreground = await makeForegroundPngAsync(64, 64);
});

describe('task lifecycle', () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulatorAsync();
  });
  afterAll(async () => emulator.closeAsync());

  it('stays Queuing while the queue time lasts, and is listed as running', async () => {
    emulator.running.emulator.setSchedule({ queueMs: 600_000, runMs: 50 });
    const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground));
    const answer = await postSignedRawAsync(emulator.url, { Action: 'ListTasksDetails', TaskUIDList: [TaskUID] });
    // Only the fields PICPIK's TaskDetail table marks required: the optional ones are left out.
    expect(answer['TaskDetailList']).toEqual([{ TaskUID, Action: 'GenerateBackgrounds', Status: 'Queuing' }]);
    expect((await emulator.client.listRunningTasksAsync()).TaskUIDList).toContain(TaskUID);
    await emulator.client.terminateTaskAsync(TaskUID);
  });

  it('is Running after the queue time and until the run time has passed', async () => {
    emulator.running.emulator.setSchedule({ queueMs: 0, runMs: 600_000 });
    const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground));
    let status = 'Queuing';
    while (status === 'Queuing') {
      const [detail] = (await emulator.client.listTasksDetailsAsync([TaskUID])).TaskDetailList;
      status = detail?.Status ?? '';
    }
    expect(status).toBe('Running');
    await emulator.client.terminateTaskAsync(TaskUID);
  });

  it('goes Queuing -> Running -> Finished in that order with images, seed and points', async () => {
    emulator.running.emulator.setSchedule({ queueMs: 20, runMs: 50 });
    const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground, { BatchSize: 2, Seed: 7 }));
    const seen: string[] = [];
    for (;;) {
      const [detail] = (await emulator.client.listTasksDetailsAsync([TaskUID])).TaskDetailList;
      if (detail && seen[seen.length - 1] !== detail.Status) seen.push(detail.Status);
      if (detail?.Status === 'Finished') {
        expect(detail.ImgList).toHaveLength(2);
        expect(detail.Seed).toBe(7);
        expect(detail.ConsumeApiPoint).toBe(2);
        expect(classifyTaskStatus(detail)).toBe('done');
        for (const url of detail.ImgList) expect(url.startsWith(`${emulator.url}/images/`)).toBe(true);
        break;
      }
    }
    const order = ['Queuing', 'Running', 'Finished'];
    expect(seen.map((s) => order.indexOf(s))).toEqual([...seen.map((s) => order.indexOf(s))].sort());
    expect(seen.every((s) => order.includes(s))).toBe(true);
    expect((await emulator.client.listRunningTasksAsync()).TaskUIDList).not.toContain(TaskUID);
  });

  it('finishes a task on demand through the admin endpoint', async () => {
    emulator.running.emulator.setSchedule({ queueMs: 600_000, runMs: 600_000 });
    const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground));
    const response = await emulator.adminPostAsync(`tasks/${TaskUID}/finish`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ TaskUID, Status: 'Finished' });
    const [detail] = (await emulator.client.listTasksDetailsAsync([TaskUID])).TaskDetailList;
    expect(detail?.ImgList).toHaveLength(1);
    expect((await emulator.adminPostAsync('tasks/nope/finish')).status).toBe(404);
  });

  it('answers other requests while a batch is rendering', async () => {
    emulator.running.emulator.setSchedule({ queueMs: 0, runMs: 0 });
    const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground, { Width: 1024, Height: 1024, BatchSize: 6, PositivePrompts: ['marble'] }));
    let status = 'Queuing';
    while (status === 'Queuing') status = (await emulator.client.listTasksDetailsAsync([TaskUID])).TaskDetailList[0]?.Status ?? '';
    expect((await emulator.client.listModelsAsync()).RetCode).toBe(0);
    expect((await emulator.client.listTasksDetailsAsync([TaskUID])).TaskDetailList[0]?.Status).toBe('Running');
    await emulator.client.terminateTaskAsync(TaskUID);
  });

  it('polls many tasks in one call and leaves unknown TaskUIDs out of the list', async () => {
    emulator.running.emulator.setSchedule({ queueMs: 20, runMs: 50 });
    const uids: string[] = [];
    for (let i = 0; i < 6; i++) uids.push((await emulator.client.generateBackgroundsAsync(generateParams(foreground, { Seed: i }))).TaskUID);
    const asked = [uids[0] as string, 'unknowntaskuid000000', ...uids.slice(1), 'another-unknown'];
    const { TaskDetailList } = await emulator.client.listTasksDetailsAsync(asked);
    expect(TaskDetailList.map((detail) => detail.TaskUID)).toEqual(uids);
    const ended = await waitForTasksAsync(emulator.client, uids);
    expect([...ended.values()].map((detail) => detail.Status)).toEqual(Array(6).fill('Finished'));
  });
});

describe('image URLs', () => {
  it('are built from the configured public base URL when there is one', async () => {
    const emulator = await startTestEmulatorAsync({ publicBaseUrl: 'http://backdrop-emulator.test:9000' });
    try {
      const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground));
      const detail = (await waitForTasksAsync(emulator.client, [TaskUID])).get(TaskUID);
      const url = detail?.ImgList[0] as string;
      expect(url).toMatch(/^http:\/\/backdrop-emulator\.test:9000\/images\/[0-9a-f-]{36}\.png$/);
      expect((await fetch(`${emulator.url}${new URL(url).pathname}`)).status).toBe(200);
    } finally {
      await emulator.closeAsync();
    }
  });
});

describe('termination', () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulatorAsync({ queueMs: 600_000, runMs: 600_000 });
  });
  afterAll(async () => emulator.closeAsync());

  it('stops an open task: Status Error with ErrorCode 4001, no images, no credits used', async () => {
    const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground));
    const answer = await emulator.client.terminateTaskAsync(TaskUID);
    expect(answer.RetCode).toBe(0);
    const [detail] = (await emulator.client.listTasksDetailsAsync([TaskUID])).TaskDetailList;
    expect(detail).toMatchObject({ Status: 'Error', ErrorCode: TASK_ERROR_CODES.terminated, ImgList: [] });
    expect(detail?.ConsumeApiPoint).toBeUndefined();
    expect(detail?.ErrorMassage).toMatch(/terminated/);
    expect(classifyTaskStatus(detail as never)).toBe('failed');
    expect((await emulator.client.getCreditBalanceAsync()).UsedCredits).toBe(0);
    expect((await emulator.client.listRunningTasksAsync()).TaskUIDList).not.toContain(TaskUID);
  });

  it('refuses to terminate an unknown task (240) or an ended one (241)', async () => {
    expect((await refusalOfAsync(emulator.client.terminateTaskAsync('nosuchtask'))).retCode).toBe(RET_CODES.taskNotFound);
    const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground));
    await emulator.adminPostAsync(`tasks/${TaskUID}/finish`);
    expect((await refusalOfAsync(emulator.client.terminateTaskAsync(TaskUID))).retCode).toBe(RET_CODES.taskAlreadyEnded);
  });
});

describe('expiry and memory bounds', () => {
  it('answers 404 for an image URL after the retention period, and forgets the task', async () => {
    // Retention is counted from the task's end; 2 s leaves a wide margin for the first fetch on a
    // loaded machine (the store's own eviction by an injected clock is tested in task-store.test.ts).
    const emulator = await startTestEmulatorAsync({ retentionMs: 2000 });
    try {
      const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground));
      const detail = (await waitForTasksAsync(emulator.client, [TaskUID])).get(TaskUID);
      const url = detail?.ImgList[0] as string;
      expect((await fetch(url)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect((await fetch(url)).status).toBe(404);
      expect((await emulator.client.listTasksDetailsAsync([TaskUID])).TaskDetailList).toEqual([]);
      expect((await fetch(`${emulator.url}/images/never-existed.png`)).status).toBe(404);
    } finally {
      await emulator.closeAsync();
    }
  });

  it('keeps at most maxTasks tasks, evicting the oldest ended ones', async () => {
    const emulator = await startTestEmulatorAsync({ maxTasks: 3 });
    try {
      const uids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground, { Seed: i }));
        await waitForTasksAsync(emulator.client, [TaskUID]);
        uids.push(TaskUID);
      }
      const { TaskDetailList } = await emulator.client.listTasksDetailsAsync(uids);
      expect(TaskDetailList.map((detail) => [detail.TaskUID, detail.Status])).toEqual(uids.slice(2).map((uid) => [uid, 'Finished']));
      const stats = (await (await emulator.adminGetAsync('stats')).json()) as { store: { tasks: number; evictedTasks: number } };
      expect(stats.store).toMatchObject({ tasks: 3, evictedTasks: 2 });
    } finally {
      await emulator.closeAsync();
    }
  });

  it('keeps total image bytes under maxImageBytes, evicting the oldest images', async () => {
    const emulator = await startTestEmulatorAsync({ maxImageBytes: 60_000 });
    try {
      const urls: string[] = [];
      for (let i = 0; i < 4; i++) {
        const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground, { Seed: i, Width: 128, Height: 128 }));
        urls.push(...((await waitForTasksAsync(emulator.client, [TaskUID])).get(TaskUID)?.ImgList ?? []));
      }
      const stats = (await (await emulator.adminGetAsync('stats')).json()) as { store: { imageBytes: number; images: number } };
      expect(stats.store.imageBytes).toBeLessThanOrEqual(60_000);
      expect(stats.store.images).toBeLessThan(4);
      expect((await fetch(urls[0] as string)).status).toBe(404);
      expect((await downloadAsync(urls[3] as string)).length).toBeGreaterThan(0);
    } finally {
      await emulator.closeAsync();
    }
  });
});

describe('credits', () => {
  it('charge per finished image by size, and submission fails once they run out', async () => {
    const emulator = await startTestEmulatorAsync({ credits: 5 });
    try {
      const first = await emulator.client.generateBackgroundsAsync(generateParams(foreground, { BatchSize: 2 }));
      await waitForTasksAsync(emulator.client, [first.TaskUID]);
      expect(await emulator.client.getCreditBalanceAsync()).toMatchObject({ TotalCredits: 5, UsedCredits: 2 });
      // 1100 x 1000 is over one megapixel: 2 credits per image.
      const second = await emulator.client.generateBackgroundsAsync(generateParams(foreground, { Width: 1100, Height: 1000 }));
      const detail = (await waitForTasksAsync(emulator.client, [second.TaskUID])).get(second.TaskUID);
      expect(detail?.ConsumeApiPoint).toBe(2);
      expect((await emulator.client.getCreditBalanceAsync()).UsedCredits).toBe(4);
      const refusal = await refusalOfAsync(emulator.client.generateBackgroundsAsync(generateParams(foreground, { BatchSize: 2 })));
      expect(refusal.retCode).toBe(RET_CODES.insufficientCredits);
      expect(refusal.message).toMatch(/credits/);
    } finally {
      await emulator.closeAsync();
    }
  });
});
