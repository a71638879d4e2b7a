// The plugin when the relay is gone: a designer-facing "relay unreachable" message, and nothing
// placed. Its own stack, since the test stops the relay.
import { afterAll, describe, expect, it } from 'vitest';
import {
  generateAsync,
  openPlaygroundAsync,
  placedFrames,
  saveScreenshotAsync,
  selectByNamesAsync,
  setUpE2eSuite,
  showPluginTabAsync,
  snapshotAsync,
  type PlaygroundSession,
} from './harness.js';

const e2e = setUpE2eSuite();
let session: PlaygroundSession | undefined;

// Runs before the suite's own afterAll (hooks after tests run in reverse order), so before the browser closes.
afterAll(async () => {
  await session?.context.close();
});

const UNREACHABLE = /relay.*(unreachable|not reachable|cannot be reached|can.t reach|could not reach)|(unreachable|can.t reach|could not reach|cannot reach).*relay/i;

describe('the plugin when the relay is down', () => {
  it('says the relay is unreachable when generating and when testing the connection', async () => {
    session = await openPlaygroundAsync(e2e.browser, e2e.stack.playgroundUrl);
    const { page, plugin } = session;
    await e2e.stack.stopRelayAsync();
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await generateAsync(plugin, { prompt: 'studio', variations: 1 });
    await expect.poll(() => plugin.locator('body').innerText(), { timeout: 30_000 }).toMatch(UNREACHABLE);
    await saveScreenshotAsync(page, 'relay-down');
    expect(placedFrames(await snapshotAsync(page))).toHaveLength(0);

    await showPluginTabAsync(plugin, 'Settings');
    await plugin.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => plugin.locator('body').innerText(), { timeout: 30_000 }).toMatch(UNREACHABLE);
    expect(session.errors).toEqual([]);
  });
});
