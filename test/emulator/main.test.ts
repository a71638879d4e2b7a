// `npm run emulator`'s entry: starts from environment variables, says where it listens, answers,
// and exits cleanly (code 0) on SIGTERM and SIGINT.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPicpikClient } from '../../src/contract/client';

const mainPath = fileURLToPath(new URL('../../src/emulator/main.ts', import.meta.url));

async function runUntilSignalAsync(signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string; answered: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath], {
    env: { PATH: process.env.PATH ?? '', EMULATOR_PORT: '0', EMULATOR_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${stdout}`)));
  });
  const client = createPicpikClient({ baseUrl: url, publicKey: 'backdrop-demo-public', privateKey: 'backdrop-demo-private' });
  const answered = (await client.listModelsAsync()).RetCode === 0;
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', (exitCode) => resolve(exitCode));
    child.kill(signal);
  });
  return { code, stdout, answered };
}

describe('npm run emulator', () => {
  it('prints its URL with the demo key pair, answers, and exits 0 on SIGTERM', async () => {
    const result = await runUntilSignalAsync('SIGTERM');
    expect(result.answered).toBe(true);
    expect(result.stdout).toMatch(/PublicKey backdrop-demo-public \(demo key pair\)/);
    expect(result.stdout).toContain('SIGTERM: stopping');
    expect(result.code).toBe(0);
  });

  it('exits 0 on SIGINT', async () => {
    expect((await runUntilSignalAsync('SIGINT')).code).toBe(0);
  });
});
