// Runs the project's dead-code check (knip.config.ts) on a copy of a small project laid out like
// this one (fixtures/knip-project), so a config that stops looking at src/ or stops reporting an
// unused file or export fails here.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'node_modules/knip/bin/knip.js');
const config = path.join(root, 'knip.config.ts');
const fixture = path.join(import.meta.dirname, 'fixtures/knip-project');

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

/** Copies the fixture, adds `extra` (path -> source) over it and runs the check there. */
async function checkFixture(extra: Record<string, string>): Promise<{ code: number; output: string }> {
  dir = await mkdtemp(path.join(tmpdir(), 'unused-code-'));
  await cp(fixture, dir, { recursive: true });
  for (const [name, source] of Object.entries(extra)) await writeFile(path.join(dir, name), source);
  try {
    const { stdout } = await run(process.execPath, [cli, '--config', config, '--no-config-hints', '--no-progress'], { cwd: dir });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}

describe('unused code check', () => {
  it('passes a project whose every file and export is used', async () => {
    const result = await checkFixture({});
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('fails on a file nothing imports and an export nothing uses, naming both', async () => {
    const result = await checkFixture({
      'src/relay/orphan.ts': 'export const orphan = 1;\n',
      'src/relay/start-relay.ts': 'export const UNUSED_LIMIT = 1;\n\nexport function startRelay(): number {\n  return UNUSED_LIMIT;\n}\n',
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Unused files \(1\)\s+src\/relay\/orphan\.ts/);
    expect(result.output).toMatch(/Unused exports \(1\)\s+UNUSED_LIMIT\s+src\/relay\/start-relay\.ts/);
  });
});
