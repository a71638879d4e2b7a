// Two relay replicas on one real PostgreSQL: ownership through either replica, revocation by
// the admin command, budgets and usage shared across replicas, each task counted once.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE_TOKEN, BOB_TOKEN, authHeaders, emulatorStatsAsync, validGenerateBody } from '../relay-fixtures';
import { startPostgresAsync, type RunningPostgres } from '../../../scripts/postgres-server';
import { emulatorCreditsAsync, finishTaskAsync, generateAsync, postAsync, runAdminAsync, startTeamAsync, taskDetailsAsync, type StoreEnv, type Team } from './team-fixtures';

let postgres: RunningPostgres;
let storeEnv: StoreEnv;
let team: Team;

beforeAll(async () => {
  postgres = await startPostgresAsync();
  storeEnv = { RELAY_DATABASE_URL: postgres.url };
  team = await startTeamAsync(storeEnv, 2);
}, 600_000);

afterAll(async () => {
  await team?.closeAsync();
  await postgres?.stopAsync();
}, 60_000);

const replica = (i: number) => team.relays[i % 2]!;

describe('task ownership across replicas', () => {
  it('hides, refuses to cancel and refuses to serve another designer’s task, through either replica; the owner gets all three', async () => {
    const running = await generateAsync(replica(0), ALICE_TOKEN, team.images);
    const finished = await generateAsync(replica(0), ALICE_TOKEN, team.images);
    await finishTaskAsync(team.emulator, finished);

    for (const i of [0, 1]) {
      const [seen] = await taskDetailsAsync(replica(i), BOB_TOKEN, [finished]);
      expect(seen).toMatchObject({ TaskUID: finished, Status: 'Error', ImgList: [], ErrorMassage: 'task not found' });
      const image = await fetch(`${replica(i).url}/v1/tasks/${finished}/images/0`, { headers: authHeaders(BOB_TOKEN) });
      expect(image.status).toBe(404);
      const cancel = await postAsync(replica(i), BOB_TOKEN, { Action: 'TerminateTask', TaskUID: running });
      expect(cancel.status).toBe(404);
      expect(cancel.json['RetCode']).toBe(90404);
      const bobsRunning = await postAsync(replica(i), BOB_TOKEN, { Action: 'ListRunningTasks' });
      expect(bobsRunning.json['TaskUIDList']).toEqual([]);
      const alicesRunning = await postAsync(replica(i), ALICE_TOKEN, { Action: 'ListRunningTasks' });
      expect(alicesRunning.json['TaskUIDList']).toContain(running);
    }
    // A mixed list: bob's own task answers normally, alice's looks unknown, in the order asked.
    const bobs = await generateAsync(replica(1), BOB_TOKEN, team.images);
    const mixed = await taskDetailsAsync(replica(1), BOB_TOKEN, [finished, bobs]);
    expect(mixed.map((detail) => [detail['TaskUID'], detail['Status']])).toEqual([
      [finished, 'Error'],
      [bobs, 'Queuing'],
    ]);

    const [own] = await taskDetailsAsync(replica(1), ALICE_TOKEN, [finished]);
    expect(own).toMatchObject({ TaskUID: finished, Status: 'Finished' });
    const image = await fetch(`${replica(1).url}/v1/tasks/${finished}/images/0`, { headers: authHeaders(ALICE_TOKEN) });
    expect(image.status).toBe(200);
    expect((await sharp(Buffer.from(await image.arrayBuffer())).metadata()).width).toBe(256);
    const cancel = await postAsync(replica(1), ALICE_TOKEN, { Action: 'TerminateTask', TaskUID: running });
    expect(cancel).toMatchObject({ status: 200, json: { RetCode: 0 } });
  });
});

describe('admin command against running replicas', () => {
  it('a token revoked while both replicas run is refused by both within 5 s', async () => {
    const added = await runAdminAsync(storeEnv, ['tokens', 'add', 'carol']);
    const token = /(bdr_\S+)/.exec(added)?.[1] ?? '';
    for (const i of [0, 1]) expect((await postAsync(replica(i), token, { Action: 'ListModels' })).status).toBe(200);
    const listed = await runAdminAsync(storeEnv, ['tokens', 'list']);
    expect(listed).toMatch(/carol\s+active/);
    expect(listed).not.toContain(token);
    await runAdminAsync(storeEnv, ['tokens', 'revoke', 'carol']);
    for (const i of [0, 1]) {
      await expect.poll(async () => (await postAsync(replica(i), token, { Action: 'ListModels' })).status, { timeout: 5000, interval: 100 }).toBe(401);
    }
  });

  it('a budget of 10 credits spent across both replicas stops the next GenerateBackgrounds with 402, before PICPIK', async () => {
    const added = await runAdminAsync(storeEnv, ['tokens', 'add', 'dana', '--budget', '10']);
    const token = /(bdr_\S+)/.exec(added)?.[1] ?? '';
    const tasks: string[] = [];
    let used = 0;
    for (let i = 0; used < 10; i += 1) {
      const uid = await generateAsync(replica(i), token, team.images);
      tasks.push(uid);
      await finishTaskAsync(team.emulator, uid);
      // The other replica sees it finish and records its cost.
      await taskDetailsAsync(replica(i + 1), token, [uid]);
      used = [...(await emulatorCreditsAsync(team.emulator, tasks)).values()].reduce((a, b) => a + b, 0);
    }
    expect(tasks.length).toBeGreaterThanOrEqual(2);
    const before = (await emulatorStatsAsync(team.emulator)).requests.total;
    for (const i of [0, 1]) {
      const refused = await postAsync(replica(i), token, validGenerateBody(team.images));
      expect(refused.status).toBe(402);
      expect(refused.json['RetCode']).toBe(90402);
      expect(refused.json['Message']).toContain(`budget of 10 credits`);
      expect(refused.json['Message']).toContain(`${used} used`);
    }
    expect((await emulatorStatsAsync(team.emulator)).requests.total).toBe(before);
    const me = await fetch(`${replica(1).url}/v1/me`, { headers: authHeaders(token) });
    expect(await me.json()).toMatchObject({ name: 'dana', creditsUsed: used, creditsBudget: 10, tasks: tasks.length });
    await runAdminAsync(storeEnv, ['budget', 'set', 'dana', 'none']);
    await expect.poll(async () => (await postAsync(replica(0), token, { Action: 'ListModels' })).status).toBe(200);
  });

  it('usage per designer matches the emulator’s ConsumeApiPoint sums, each task counted once though both replicas saw it finish', async () => {
    const added = await runAdminAsync(storeEnv, ['tokens', 'add', 'erin']);
    const token = /(bdr_\S+)/.exec(added)?.[1] ?? '';
    const tasks = [await generateAsync(replica(0), token, team.images), await generateAsync(replica(1), token, team.images), await generateAsync(replica(0), token, team.images)];
    for (const uid of tasks) await finishTaskAsync(team.emulator, uid);
    // Both replicas poll every task, twice, concurrently.
    await Promise.all([0, 1, 0, 1].map((i) => taskDetailsAsync(replica(i), token, tasks)));
    const credits = await emulatorCreditsAsync(team.emulator, tasks);
    const expected = [...credits.values()].reduce((a, b) => a + b, 0);
    expect(expected).toBeGreaterThan(0);
    const usage = JSON.parse(await runAdminAsync(storeEnv, ['usage', '--format', 'json'])) as { designers: { designer: string; tasks: number; images: number; credits: number }[] };
    expect(usage.designers.find((row) => row.designer === 'erin')).toEqual({ designer: 'erin', tasks: 3, images: 3, credits: expected });
    const csv = await runAdminAsync(storeEnv, ['usage', '--format', 'csv']);
    expect(csv).toMatch(new RegExp(`^erin,\\d{4}-\\d{2},3,3,${expected}$`, 'm'));
  });
});
