// The plugin when the relay is gone: a designer-facing "relay unreachable" message, and nothing
// placed. Its own stack, since the test stops the relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { RunningStack } from '../../src/playground/start.js';
import {
  generateAsync,
  launchBrowserAsync,
  openPlaygroundAsync,
  placedFrames,
  saveScreenshotAsync,
  selectByNamesAsync,
  showPluginTabAsync,
  snapshotAsync,
  startTestStackAsync,
  type PlaygroundSession,
} from './harness.js';

let stack: RunningStack;
let browser: Browser;
let session: PlaygroundSession | undefined;

beforeAll(async () => {
  stack = await startTestStackAsync();
  browser = await launchBrowserAsync();
});

afterAll(async () => {
  await session?.context.close();
  await browser?.close();
  await stack?.close();
});

const UNREACHABLE = /relay.*(unreachable|not reachable|cannot be reached|can.t reach|could not reach)|(unreachable|can.t reach|could not reach|cannot reach).*relay/i;

describe('the plugin when the relay is down', () => {
  it('says the relay is unreachable when generating and when testing the connection', async () => {
    session = await openPlaygroundAsync(browser, stack.playgroundUrl);
    const { page, plugin } = session;
    await stack.stopRelayAsync();
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
