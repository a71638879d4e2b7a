// A team build in the playground: built for the test relay, it generates through that relay while
// the plugin's stored settings and the document both name another one, which it refuses; its
// manifest's networkAccess lets the UI reach nothing else.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planTeamBuild } from '../../build/team-build-plan';
import { startPlaygroundServerAsync, type RunningPlaygroundServer } from '../../src/playground/server.js';
import { DEMO_RELAY_TOKEN } from '../../src/playground/start.js';
import {
  emulatorAdminAsync,
  finishOpenTasksAsync,
  generateAsync,
  nodeNamed,
  openPlaygroundAsync,
  placedFrames,
  selectByNamesAsync,
  setUpE2eSuite,
  showPluginTabAsync,
  waitForOpenTaskUidsAsync,
  waitForPlacedCountAsync,
  type PlaygroundSession,
} from './harness.js';

const run = promisify(execFile);
const e2e = setUpE2eSuite();
/** Another relay, on loopback so that following it by mistake reaches nothing outside the machine. */
const OTHER_RELAY = 'http://localhost:9';
let teamDir = '';
let playground: RunningPlaygroundServer | undefined;
let session: PlaygroundSession | undefined;

beforeAll(async () => {
  const relayUrl = e2e.stack.relayUrl;
  teamDir = planTeamBuild({ relayUrl }, { name: 'Backdrop', id: 'x' }).outdir;
  await run(process.execPath, ['esbuild.config.mjs', '--team', relayUrl, '--name', 'Backdrop for the test team']);
  playground = await startPlaygroundServerAsync({
    host: '127.0.0.1',
    port: 0,
    relayUrl: OTHER_RELAY,
    token: DEMO_RELAY_TOKEN,
    distDir: path.resolve(teamDir),
    documentRelayUrl: OTHER_RELAY,
  });
});

afterAll(async () => {
  if (session) {
    expect(session.errors, 'uncaught errors in the page').toEqual([]);
    await session.context.close();
  }
  await playground?.closeAsync();
  if (teamDir) await rm(teamDir, { recursive: true, force: true });
});

/** GenerateBackgrounds requests the emulator received (through the relay: nothing else holds its keys). */
async function submittedCountAsync(): Promise<number> {
  const stats = (await emulatorAdminAsync(e2e.stack.emulatorUrl, 'stats')) as { requests: { byAction: Record<string, number> } };
  return stats.requests.byAction.GenerateBackgrounds ?? 0;
}

describe('a team build in the playground', () => {
  it('shows its built-in relay, refuses the one in the document, and generates through its own', async () => {
    session = await openPlaygroundAsync(e2e.browser, (playground as RunningPlaygroundServer).url);
    const { page, plugin } = session;
    const relayUrl = e2e.stack.relayUrl;
    await showPluginTabAsync(plugin, 'Settings');
    const field = plugin.getByLabel('Relay URL', { exact: true });
    expect(await field.inputValue()).toBe(relayUrl);
    expect(await field.isDisabled()).toBe(true);
    await expect
      .poll(() => plugin.getByTestId('refused-team-relay').textContent())
      .toBe(`This file names another relay (${OTHER_RELAY}). It is not used: this plugin sends only to its built-in relay, ${relayUrl}.`);
    expect(await plugin.getByTestId('data-flow').textContent()).toContain(`go to ${new URL(relayUrl).host}, which forwards them to PICPIK`);

    const submittedBefore = await submittedCountAsync();
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await generateAsync(plugin, { prompt: 'white marble, soft light', variations: 1 });
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    const after = await waitForPlacedCountAsync(page, 1);
    const [frame] = placedFrames(after);
    // In the bottle's Backdrop container, itself in the post.
    expect(frame?.parentId).toBe(nodeNamed(after, 'Backdrop · Bottle', 'Social post').id);
    const submittedAfter = await submittedCountAsync();
    expect(submittedAfter - submittedBefore).toBe(1);

    // The playground applies the team manifest's networkAccess like Figma: the UI may reach its
    // relay and nothing else, even a server that is up on the same machine (the emulator).
    const uiFrame = page.frames().find((frame) => frame !== page.mainFrame() && frame.parentFrame() === page.mainFrame());
    // no-cors: without the policy even a server without CORS headers answers (an opaque response, type "opaque").
    const reach = (url: string) =>
      (uiFrame as NonNullable<typeof uiFrame>).evaluate(
        (target) => fetch(target, { mode: 'no-cors' }).then((response) => `answered (${response.type})`, (error: unknown) => `failed: ${String(error)}`),
        url,
      );
    expect(await reach(`${relayUrl}/healthz`)).toBe('answered (opaque)');
    expect(await reach(`${e2e.stack.emulatorUrl}/healthz`)).toMatch(/^failed: TypeError/);
  });
});
