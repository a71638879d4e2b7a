// The team build: `node esbuild.config.mjs --team <relay>` writes dist/teams/<host>/ with a
// manifest allowing exactly that relay and a UI that carries it and no other address.
import { execFile } from 'node:child_process';
import { readFile, readdir, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTeamBuildArgs, planTeamBuild } from '../../build/team-build-plan';
import { addressesIn } from './bundle-addresses';

const run = promisify(execFile);
const RELAY = 'https://relay.example.com';
const TEAM_DIR = 'dist/teams/relay.example.com';

async function buildAsync(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['esbuild.config.mjs', ...args]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('the team build on disk', () => {
  let manifest: Record<string, unknown> = {};
  let html = '';
  beforeAll(async () => {
    await rm(TEAM_DIR, { recursive: true, force: true });
    const built = await buildAsync(['--team', `${RELAY}/`, '--name', 'Backdrop for Acme', '--id', '1234567890123456789']);
    expect(built.code, built.output).toBe(0);
    manifest = JSON.parse(await readFile(`${TEAM_DIR}/manifest.json`, 'utf8')) as Record<string, unknown>;
    html = await readFile(`${TEAM_DIR}/ui.html`, 'utf8');
  }, 60_000);

  it('is a folder to import as it is: the manifest and the two files it names', async () => {
    expect((await readdir(TEAM_DIR)).sort()).toEqual(['code.js', 'manifest.json', 'ui.html']);
    expect(manifest).toMatchObject({ name: 'Backdrop for Acme', id: '1234567890123456789', main: 'code.js', ui: 'ui.html', documentAccess: 'dynamic-page' });
  });

  it('allows exactly the relay origin: no "*", no devAllowedDomains, and a reasoning naming the relay', () => {
    const access = manifest.networkAccess as Record<string, unknown>;
    expect(access.allowedDomains).toEqual([RELAY]);
    expect(Object.keys(access).sort()).toEqual(['allowedDomains', 'reasoning']);
    expect(String(access.reasoning)).toContain(RELAY);
    expect(String(access.reasoning)).toMatch(/PICPIK/);
  });

  it('carries that relay in its UI and no other address', () => {
    expect(addressesIn(html)).toEqual([RELAY]);
  });

  it('keeps the relaunch button of the base manifest', async () => {
    const base = JSON.parse(await readFile('manifest.json', 'utf8')) as Record<string, unknown>;
    expect(manifest.relaunchButtons).toEqual(base.relaunchButtons);
  });
});

describe('team build arguments', () => {
  it('refuses an http:// relay on another computer with the reason, and writes nothing', async () => {
    await rm('dist/teams/plain.example.com', { recursive: true, force: true });
    const built = await buildAsync(['--team', 'http://plain.example.com']);
    expect(built.code).toBe(1);
    expect(built.output).toMatch(/team build refused: --team http:\/\/plain\.example\.com: The relay must use https:\/\//);
    expect(built.output).toMatch(/mixed content/);
    await expect(readdir('dist/teams/plain.example.com')).rejects.toThrow();
  }, 60_000);

  it('accepts http on localhost, for a relay on the designer\'s own computer', () => {
    const plan = planTeamBuild({ relayUrl: 'http://localhost:8787' }, { name: 'Backdrop', id: 'backdrop-ai-backgrounds' });
    expect(plan).toMatchObject({ relayUrl: 'http://localhost:8787', outdir: 'dist/teams/localhost-8787' });
    expect(plan.manifest).toMatchObject({ name: 'Backdrop', id: 'backdrop-ai-backgrounds', networkAccess: { allowedDomains: ['http://localhost:8787'] } });
  });

  it('reads --team, --name and --id, and refuses --name or --id without --team', () => {
    expect(parseTeamBuildArgs([])).toBeUndefined();
    expect(parseTeamBuildArgs(['--team', RELAY, '--id', '42'])).toEqual({ relayUrl: RELAY, id: '42', name: undefined });
    expect(() => parseTeamBuildArgs(['--name', 'Acme'])).toThrow(/add --team/);
    expect(() => parseTeamBuildArgs(['--team'])).toThrow(/--team needs a value/);
    expect(() => planTeamBuild({ relayUrl: RELAY, id: 'has spaces' }, { name: 'Backdrop', id: 'x' })).toThrow(/--id has spaces/);
  });
});
