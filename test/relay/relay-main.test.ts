// `npm run relay` as a process: exit code 1 with named problems on a bad environment, and a
// SIGTERM that lets an in-flight request finish before exiting 0.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/serve';
import { ALICE_TOKEN, TEST_PRIVATE_KEY, TEST_PUBLIC_KEY, authHeaders, emulatorStatsAsync, startTestEmulatorAsync } from './relay-fixtures';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let emulator: RunningEmulator;

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/relay/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', RELAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'relay-main-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', () => {
      const match = /listening on (http:\/\/\S+?),/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  listening.catch(() => undefined); // a test that expects the exit never awaits it
  return { child, exited, listening, output: () => ({ stdout, stderr }) };
}

beforeAll(async () => {
  emulator = await startTestEmulatorAsync();
});

afterAll(async () => {
  await emulator?.closeAsync();
});

describe('npm run relay', () => {
  it('exits with code 1 and names each bad variable', async () => {
    const main = startMain({ PICPIK_PUBLIC_KEY: 'pub', RELAY_PORT: 'eighty', RELAY_HOST: '0.0.0.0' });
    expect(await main.exited).toBe(1);
    const { stderr } = main.output();
    expect(stderr).toContain('PICPIK_PRIVATE_KEY');
    expect(stderr).toContain('RELAY_PORT');
  });

  it('finishes an in-flight request on SIGTERM, then exits 0 without leaking secrets', async () => {
    const main = startMain({
      PICPIK_PUBLIC_KEY: TEST_PUBLIC_KEY,
      PICPIK_PRIVATE_KEY: TEST_PRIVATE_KEY,
      PICPIK_API_URL: emulator.url,
      RELAY_PORT: '0',
      RELAY_TOKENS: `alice:${ALICE_TOKEN}`,
    });
    const url = await main.listening;
    // The emulator counts a request before its injected latency, so a risen count means the relay
    // has forwarded it and is waiting on the answer; the latency leaves room for SIGTERM meanwhile.
    await fetch(`${emulator.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"latencyMs":1000}' });
    const before = (await emulatorStatsAsync(emulator)).requests.byAction['ListModels'] ?? 0;
    const inFlight = fetch(`${url}/`, { method: 'POST', headers: authHeaders(), body: JSON.stringify({ Action: 'ListModels' }) });
    await expect
      .poll(async () => (await emulatorStatsAsync(emulator)).requests.byAction['ListModels'] ?? 0, { timeout: 15_000, interval: 20 })
      .toBeGreaterThan(before);
    main.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as Record<string, unknown>)['RetCode']).toBe(0);
    expect(await main.exited).toBe(0);
    const { stdout, stderr } = main.output();
    expect(stderr).toContain(`forwarding to ${emulator.url}`);
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ action: 'ListModels', status: 200, tokenId: 'alice' });
    expect(stdout + stderr).not.toContain(TEST_PRIVATE_KEY);
    expect(stdout + stderr).not.toContain(ALICE_TOKEN);
  });
});
