// Shared material for the team tests: an emulator whose tasks wait until finished on demand,
// relays (one or several replicas) on one store, designers' calls, and the admin command.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createPicpikClient } from '../../../src/contract/client';
import type { TaskDetail } from '../../../src/contract/response-schemas';
import type { RunningEmulator } from '../../../src/emulator/serve';
import { startRelayAsync, type RunningRelay } from '../../../src/relay/serve';
import { authHeaders, makeRelayConfig, makeTestImagesAsync, relayEnvFor, startTestEmulatorAsync, relayCall, TEST_PRIVATE_KEY, TEST_PUBLIC_KEY, validGenerateParams, type TestImages } from '../relay-fixtures';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);

export interface Team {
  emulator: RunningEmulator;
  relays: RunningRelay[];
  images: TestImages;
  closeAsync: () => Promise<void>;
}

/** The store settings a relay or the admin command reads. */
export type StoreEnv = { RELAY_DATABASE_URL: string } | { RELAY_DATA_DIR: string };

export async function startTeamAsync(storeEnv: StoreEnv, replicas: number, relayEnv: Record<string, string> = {}): Promise<Team> {
  const images = await makeTestImagesAsync();
  // Tasks stay queued until a test finishes them (POST /__admin/tasks/:uid/finish).
  const emulator = await startTestEmulatorAsync({ EMULATOR_QUEUE_MS: '600000', EMULATOR_RUN_MS: '0' });
  const relays: RunningRelay[] = [];
  for (let i = 0; i < replicas; i += 1) {
    relays.push(await startRelayAsync(makeRelayConfig(relayEnvFor(emulator.url, { RELAY_TEAM_VISIBLE_TASKS: '0', ...storeEnv, ...relayEnv })), { log: () => undefined }));
  }
  return {
    emulator,
    relays,
    images,
    async closeAsync() {
      for (const relay of relays) await relay.close();
      await emulator.closeAsync();
    },
  };
}

export interface Answer {
  status: number;
  json: Record<string, unknown>;
}

export async function postAsync(relay: RunningRelay, token: string, body: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(`${relay.url}/`, { method: 'POST', headers: authHeaders(token), body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export async function generateAsync(relay: RunningRelay, token: string, images: TestImages): Promise<string> {
  return (await relayCall(relay, token)('GenerateBackgrounds', validGenerateParams(images))).TaskUID;
}

export async function finishTaskAsync(emulator: RunningEmulator, taskUid: string): Promise<void> {
  const res = await fetch(`${emulator.url}/__admin/tasks/${taskUid}/finish`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`finishing ${taskUid}: HTTP ${res.status}`);
}

export async function taskDetailsAsync(relay: RunningRelay, token: string, taskUids: string[]): Promise<TaskDetail[]> {
  return (await relayCall(relay, token)('ListTasksDetails', { TaskUIDList: taskUids })).TaskDetailList;
}

/** ConsumeApiPoint of each task as the emulator reports it, asked directly (signed), not through a relay. */
export async function emulatorCreditsAsync(emulator: RunningEmulator, taskUids: string[]): Promise<Map<string, number>> {
  const client = createPicpikClient({ baseUrl: emulator.url, publicKey: TEST_PUBLIC_KEY, privateKey: TEST_PRIVATE_KEY });
  const { TaskDetailList } = await client.listTasksDetailsAsync(taskUids);
  return new Map(TaskDetailList.map((detail) => [detail.TaskUID, detail.ConsumeApiPoint ?? 0]));
}

/** `npm run relay:admin -- ...args` as its own process against the store in `storeEnv`. */
export async function runAdminAsync(storeEnv: StoreEnv, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/relay/admin/main.ts', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...storeEnv },
  });
  return stdout;
}
