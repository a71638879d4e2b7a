// Fault injection through the admin endpoint: latency, failing tasks, HTTP 500s, dropped and
// slow connections, submit RetCodes, rate limiting, and faults aimed at chosen actions only.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classifyTaskStatus } from '../../src/contract/task-status';
import type { EmulatorStats } from '../../src/emulator/app';
import {
  generateParams,
  makeForegroundPngAsync,
  postSignedRawAsync,
  refusalOfAsync,
  transportErrorOfAsync,
  startTestEmulatorAsync,
  waitForTasksAsync,
  type TestEmulator,
} from './emulator-fixture';

let emulator: TestEmulator;
let foreground: Buffer;

beforeAll(async () => {
  emulator = await startTestEmulatorAsync({ queueMs: 0, runMs: 0 });
  foreground = await makeForegroundPngAsync(32, 32, 4);
});
afterEach(async () => {
  await emulator.setFaultsAsync({});
});
afterAll(async () => emulator.closeAsync());

async function statsAsync(): Promise<EmulatorStats> {
  return (await (await emulator.adminGetAsync('stats')).json()) as EmulatorStats;
}

describe('fault injection', () => {
  it('adds latency to answers (counted in stats) without changing them', async () => {
    await emulator.setFaultsAsync({ latencyMs: 30 });
    const before = (await statsAsync()).faults.delayed;
    expect((await emulator.client.getCreditBalanceAsync()).RetCode).toBe(0);
    expect((await statsAsync()).faults.delayed).toBe(before + 1);
  });

  it('fails every task with the configured ErrorCode at failTaskRate 1, charging nothing', async () => {
    await emulator.setFaultsAsync({ failTaskRate: 1, failErrorCode: 777 });
    const usedBefore = (await emulator.client.getCreditBalanceAsync()).UsedCredits;
    const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground));
    const detail = (await waitForTasksAsync(emulator.client, [TaskUID])).get(TaskUID);
    expect(detail).toMatchObject({ Status: 'Error', ErrorCode: 777, ImgList: [] });
    expect(detail?.ErrorMassage).toMatch(/injected/);
    expect(classifyTaskStatus(detail as never)).toBe('failed');
    expect((await emulator.client.getCreditBalanceAsync()).UsedCredits).toBe(usedBefore);
  });

  it('ends every task Finished with an empty ImgList at finishEmptyRate 1, charging nothing', async () => {
    await emulator.setFaultsAsync({ finishEmptyRate: 1 });
    const usedBefore = (await emulator.client.getCreditBalanceAsync()).UsedCredits;
    const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground));
    await waitForTasksAsync(emulator.client, [TaskUID]);
    const answer = await postSignedRawAsync(emulator.url, { Action: 'ListTasksDetails', TaskUIDList: [TaskUID] });
    expect(answer['TaskDetailList']).toEqual([{ TaskUID, Action: 'GenerateBackgrounds', Status: 'Finished', Seed: expect.any(Number) }]);
    expect(classifyTaskStatus({ Status: 'Finished' })).toBe('failed');
    expect((await emulator.client.getCreditBalanceAsync()).UsedCredits).toBe(usedBefore);
  });

  it('reports unknownStatus instead of Running at unknownStatusRate 1, then finishes normally', async () => {
    await emulator.setFaultsAsync({ unknownStatusRate: 1, unknownStatus: 'Upscaling' });
    emulator.running.emulator.setSchedule({ queueMs: 0, runMs: 600_000 });
    try {
      const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground));
      let status = '';
      for (let poll = 0; poll < 200 && status !== 'Upscaling'; poll++) {
        status = (await emulator.client.listTasksDetailsAsync([TaskUID])).TaskDetailList[0]?.Status ?? '';
        if (status !== 'Upscaling') await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(status).toBe('Upscaling');
      expect(classifyTaskStatus({ Status: status })).toBe('unknown');
      await emulator.adminPostAsync(`tasks/${TaskUID}/finish`);
      const [done] = (await emulator.client.listTasksDetailsAsync([TaskUID])).TaskDetailList;
      expect(done?.Status).toBe('Finished');
      expect(done?.ImgList).toHaveLength(1);
    } finally {
      emulator.running.emulator.setSchedule({ queueMs: 0, runMs: 0 });
    }
  });

  it('lists unknown TaskUIDs as "task not found" Error entries with listUnknownTasks, and leaves them out without', async () => {
    expect((await emulator.client.listTasksDetailsAsync(['nosuchtask'])).TaskDetailList).toEqual([]);
    await emulator.setFaultsAsync({ listUnknownTasks: true });
    const answer = await postSignedRawAsync(emulator.url, { Action: 'ListTasksDetails', TaskUIDList: ['nosuchtask'] });
    expect(answer['TaskDetailList']).toEqual([{ TaskUID: 'nosuchtask', Action: 'GenerateBackgrounds', Status: 'Error', ErrorCode: 4040, ErrorMassage: 'task not found' }]);
  });

  it('fails tasks with the configured failErrorMessage', async () => {
    await emulator.setFaultsAsync({ failTaskRate: 1, failErrorMessage: 'main model not found' });
    const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground));
    expect((await waitForTasksAsync(emulator.client, [TaskUID])).get(TaskUID)?.ErrorMassage).toBe('main model not found');
  });

  it('fails a seeded, reproducible share of tasks at failTaskRate 0.5', async () => {
    const outcomesAsync = async () => {
      await emulator.setFaultsAsync({ failTaskRate: 0.5, seed: 42 });
      const uids: string[] = [];
      for (let i = 0; i < 10; i++) uids.push((await emulator.client.generateBackgroundsAsync(generateParams(foreground, { Width: 64, Height: 64 }))).TaskUID);
      const details = await waitForTasksAsync(emulator.client, uids);
      return uids.map((uid) => details.get(uid)?.Status);
    };
    const first = await outcomesAsync();
    const second = await outcomesAsync();
    expect(second).toEqual(first);
    expect(first).toContain('Error');
    expect(first).toContain('Finished');
  });

  it('answers HTTP 500 at http500Rate 1', async () => {
    await emulator.setFaultsAsync({ http500Rate: 1 });
    const error = await transportErrorOfAsync(emulator.client.listModelsAsync());
    expect([error.reason, error.status]).toEqual(['http', 500]);
    expect((await statsAsync()).faults.http500).toBeGreaterThan(0);
  });

  it('drops the connection at dropRate 1', async () => {
    await emulator.setFaultsAsync({ dropRate: 1 });
    const error = await transportErrorOfAsync(emulator.client.listModelsAsync());
    expect(error.reason).toBe('network');
    await emulator.setFaultsAsync({});
    expect((await emulator.client.listModelsAsync()).RetCode).toBe(0);
  });

  it('trickles the body slowly but completely at slowMs', async () => {
    await emulator.setFaultsAsync({ slowMs: 100 });
    const models = await emulator.client.listModelsAsync();
    expect(models.MainModels['PICPIK General']).toBeDefined();
    expect((await statsAsync()).faults.slowed).toBeGreaterThan(0);
  });

  it('refuses submissions with the configured RetCode', async () => {
    await emulator.setFaultsAsync({ submitRetCode: 8001 });
    const refusal = await refusalOfAsync(emulator.client.generateBackgroundsAsync(generateParams(foreground)));
    expect(refusal.retCode).toBe(8001);
    expect((await emulator.client.listRunningTasksAsync()).RetCode).toBe(0);
  });

  it('rate-limits to rateLimitPerMin requests with HTTP 429 and Retry-After', async () => {
    await emulator.setFaultsAsync({ rateLimitPerMin: 3 });
    for (let i = 0; i < 3; i++) expect((await emulator.client.getCreditBalanceAsync()).RetCode).toBe(0);
    const error = await transportErrorOfAsync(emulator.client.getCreditBalanceAsync());
    expect(error.status).toBe(429);
    expect(error.bodySnippet).toContain('"RetCode":429');
    expect((await statsAsync()).faults.rateLimited).toBe(1);
  });

  it('applies faults only to the chosen actions', async () => {
    await emulator.setFaultsAsync({ http500Rate: 1, actions: ['GenerateBackgrounds'] });
    expect((await emulator.client.listModelsAsync()).RetCode).toBe(0);
    const error = await transportErrorOfAsync(emulator.client.generateBackgroundsAsync(generateParams(foreground)));
    expect(error.status).toBe(500);
  });

  it('can fail image downloads only (action "Image")', async () => {
    const { TaskUID } = await emulator.client.generateBackgroundsAsync(generateParams(foreground));
    const url = (await waitForTasksAsync(emulator.client, [TaskUID])).get(TaskUID)?.ImgList[0] as string;
    await emulator.setFaultsAsync({ http500Rate: 1, actions: ['Image'] });
    expect((await fetch(url)).status).toBe(500);
    expect((await emulator.client.listTasksDetailsAsync([TaskUID])).RetCode).toBe(0);
    await emulator.setFaultsAsync({});
    expect((await fetch(url)).status).toBe(200);
  });

  it('rejects an invalid fault configuration naming the field', async () => {
    const response = await emulator.adminPostAsync('faults', { http500Rate: 2 });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain('http500Rate');
    const unknown = await emulator.adminPostAsync('faults', { explode: true });
    expect(unknown.status).toBe(400);
  });

  it('counts requests per action and resets everything on /__admin/reset', async () => {
    await emulator.client.listModelsAsync();
    const stats = await statsAsync();
    expect(stats.requests.byAction['ListModels']).toBeGreaterThan(0);
    expect(stats.requests.total).toBeGreaterThan(0);
    expect((await emulator.adminPostAsync('reset')).status).toBe(200);
    const after = await statsAsync();
    expect(after.requests.total).toBe(0);
    expect(after.store.tasks).toBe(0);
    expect(after.credits.used).toBe(0);
  });
});
