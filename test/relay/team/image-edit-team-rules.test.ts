// The team rules for the image-editing actions (RemoveBackground, RemoveBackgroundsInBatch,
// RemoveContents): their tasks belong to the designer who started them, their credits are
// recorded once, and a spent budget stops each of them with 402 before PICPIK.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE_TOKEN, BOB_TOKEN, authHeaders, emulatorStatsAsync } from '../relay-fixtures';
import { AUTH_CACHE_TTL_MS } from '../../../src/relay/team/designer-auth';
import { finishTaskAsync, postAsync, runAdminAsync, startTeamAsync, taskDetailsAsync, type StoreEnv, type Team } from './team-fixtures';

let team: Team;
let storeEnv: StoreEnv;
let photo: string;
let mask: string;

async function discPngAsync(size: number, inside: number[], outside: number[], radius: number): Promise<string> {
  const data = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data.set(Math.hypot(x - size / 2, y - size / 2) < radius ? inside : outside, (y * size + x) * 4);
  return `data:image/png;base64,${(await sharp(data, { raw: { width: size, height: size, channels: 4 } }).png().toBuffer()).toString('base64')}`;
}

beforeAll(async () => {
  storeEnv = { RELAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'relay-store-')) };
  team = await startTeamAsync(storeEnv, 1);
  photo = await discPngAsync(64, [220, 20, 20, 255], [255, 255, 255, 255], 20);
  mask = await discPngAsync(64, [255, 255, 255, 255], [0, 0, 0, 255], 23);
}, 60_000);

afterAll(async () => {
  await team?.closeAsync();
});

const relay = () => team.relays[0]!;
const submissions = async () => (await emulatorStatsAsync(team.emulator)).tasks.submitted;
const listCalls = async () => (await emulatorStatsAsync(team.emulator)).requests.byAction['ListTasksDetails'] ?? 0;

async function submitAsync(token: string, body: Record<string, unknown>): Promise<string> {
  const answer = await postAsync(relay(), token, body);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json['TaskUID'] as string;
}

describe('image-editing tasks in a team', () => {
  it('hide a batch cut-out from another designer on every path, even when its id is repeated, and serve it to its owner', async () => {
    const taskUid = await submitAsync(ALICE_TOKEN, { Action: 'RemoveBackgroundsInBatch', RawImages: [photo, photo] });
    await finishTaskAsync(team.emulator, taskUid);
    const listedBefore = await listCalls();
    for (const asked of [[taskUid], [taskUid, taskUid]]) {
      const details = await taskDetailsAsync(relay(), BOB_TOKEN, asked);
      expect(details).toEqual(asked.map((uid) => expect.objectContaining({ TaskUID: uid, Status: 'Error', ImgList: [], ErrorMassage: 'task not found' })));
    }
    // Answered by the relay itself: an emptied TaskUIDList never goes upstream.
    expect(await listCalls()).toBe(listedBefore);
    expect((await postAsync(relay(), BOB_TOKEN, { Action: 'TerminateTask', TaskUID: taskUid })).status).toBe(404);
    expect((await fetch(`${relay().url}/v1/tasks/${taskUid}/images/1`, { headers: authHeaders(BOB_TOKEN) })).status).toBe(404);

    const own = await taskDetailsAsync(relay(), ALICE_TOKEN, [taskUid, taskUid]);
    expect(own[0]).toMatchObject({ TaskUID: taskUid, Status: 'Finished' });
    const image = await fetch(`${relay().url}/v1/tasks/${taskUid}/images/1`, { headers: authHeaders(ALICE_TOKEN) });
    expect(image.status).toBe(200);
    const { info } = await sharp(Buffer.from(await image.arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([64, 64, 4]);
  });

  it('record each task’s credits once and stop every image-editing action with 402 once the budget is spent, before PICPIK', async () => {
    await runAdminAsync(storeEnv, ['budget', 'set', 'bob', '1']);
    // A designer's record (budget included) is cached as long as a token's check.
    await new Promise((resolve) => setTimeout(resolve, AUTH_CACHE_TTL_MS + 100));
    const taskUid = await submitAsync(BOB_TOKEN, { Action: 'RemoveBackground', RawImage: photo });
    await finishTaskAsync(team.emulator, taskUid);
    for (let i = 0; i < 3; i += 1) await taskDetailsAsync(relay(), BOB_TOKEN, [taskUid]);
    const me = (await (await fetch(`${relay().url}/v1/me`, { headers: authHeaders(BOB_TOKEN) })).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ name: 'bob', creditsBudget: 1, tasks: 1 });
    const [detail] = await taskDetailsAsync(relay(), BOB_TOKEN, [taskUid]);
    expect(me['creditsUsed']).toBe(detail?.['ConsumeApiPoint']);
    expect(me['creditsUsed']).toBeGreaterThanOrEqual(1);

    const before = await submissions();
    for (const body of [
      { Action: 'RemoveBackground', RawImage: photo },
      { Action: 'RemoveBackgroundsInBatch', RawImages: [photo] },
      { Action: 'RemoveContents', RawImage: photo, Mask: mask },
    ]) {
      const answer = await postAsync(relay(), BOB_TOKEN, body);
      expect(answer.status, body.Action).toBe(402);
      expect(answer.json).toMatchObject({ RetCode: 90402 });
    }
    expect(await submissions()).toBe(before);
  });

  it('bill a task whose designer downloads its image without ever polling, so the budget still stops them', async () => {
    const token = await newDesignerTokenAsync('nina', 1);
    const taskUid = await submitAsync(token, { Action: 'RemoveContents', RawImage: photo, Mask: mask });
    await finishTaskAsync(team.emulator, taskUid);
    const image = await fetch(`${relay().url}/v1/tasks/${taskUid}/images/0`, { headers: authHeaders(token) });
    expect(image.status).toBe(200);
    await image.arrayBuffer();
    const me = (await (await fetch(`${relay().url}/v1/me`, { headers: authHeaders(token) })).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ name: 'nina', tasks: 1 });
    expect(me['creditsUsed']).toBeGreaterThanOrEqual(1);
    const before = await submissions();
    const again = await postAsync(relay(), token, { Action: 'RemoveBackground', RawImage: photo });
    expect([again.status, again.json['RetCode']]).toEqual([402, 90402]);
    expect(await submissions()).toBe(before);
  });
});

/** Adds a designer with the admin command and returns the token it printed. */
async function newDesignerTokenAsync(name: string, budget: number): Promise<string> {
  const printed = await runAdminAsync(storeEnv, ['tokens', 'add', name, '--budget', String(budget)]);
  const token = /^(bdr_\S+)$/m.exec(printed)?.[1];
  if (!token) throw new Error(`no token in: ${printed}`);
  return token;
}
