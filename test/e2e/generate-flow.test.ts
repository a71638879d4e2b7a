// The whole flow in a real browser: the built plugin in the playground, talking to the relay and
// the emulator, placing generated backgrounds behind the selected layers.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  colourDistance,
  emulatorAdminAsync,
  finishOpenTasksAsync,
  generateAsync,
  nodeNamed,
  pixelAtAsync,
  placedFrames,
  saveScreenshotAsync,
  selectByNamesAsync,
  setUpE2eSuite,
  showPluginTabAsync,
  snapshotAsync,
  waitForJobStatesAsync,
  waitForOpenTaskUidsAsync,
  waitForPlacedCountAsync,
  type PlaygroundSession,
} from './harness.js';

const e2e = setUpE2eSuite({ afterEachAsync: (stack) => emulatorAdminAsync(stack.emulatorUrl, 'faults', {}) });
const openAsync = () => e2e.openAsync();

/** Screen position (viewport CSS px) of a page point. */
async function screenPointAsync(session: PlaygroundSession, x: number, y: number): Promise<{ x: number; y: number }> {
  return session.page.evaluate(([px, py]) => window.__playground.pageToScreen(px as number, py as number), [x, y]);
}

describe('the playground with the built plugin', () => {
  it("generates two variations and places them in the layer's Backdrop directly behind it, aligned to the frame", async () => {
    const session = await openAsync();
    const { page, plugin } = session;
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    const before = await snapshotAsync(page);
    const post = nodeNamed(before, 'Social post');
    const bottle = nodeNamed(before, 'Bottle', 'Social post');
    // An empty spot of the post (no layer over it) and a spot in the middle of the bottle's glass.
    const emptySpot = await screenPointAsync(session, 800, 420);
    const bottleSpot = await screenPointAsync(session, (bottle.box?.x ?? 0) + 128, (bottle.box?.y ?? 0) + 560);
    const shotBefore = await saveScreenshotAsync(page, 'generate-before');
    const emptyBefore = await pixelAtAsync(shotBefore, emptySpot.x, emptySpot.y);
    const bottleBefore = await pixelAtAsync(shotBefore, bottleSpot.x, bottleSpot.y);
    expect(colourDistance(emptyBefore, [0xef, 0xe9, 0xdf])).toBeLessThanOrEqual(2);

    await generateAsync(plugin, { prompt: 'white marble, soft light', variations: 2 });
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    const after = await waitForPlacedCountAsync(page, 2);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'placed');

    const frames = placedFrames(after);
    expect(frames).toHaveLength(2);
    const bottleAfter = nodeNamed(after, 'Bottle', 'Social post');
    const [first, second] = [...frames].sort((a, b) => b.index - a.index);
    // One container directly behind the bottle in its parent; the first variation on top in it.
    const container = nodeNamed(after, 'Backdrop · Bottle', 'Social post');
    expect(container.index).toBe(bottleAfter.index - 1);
    expect(first?.parentId).toBe(container.id);
    expect(second?.parentId).toBe(container.id);
    expect([first?.index, second?.index]).toEqual([1, 0]);
    expect(first?.visible).toBe(true);
    expect(second?.visible).toBe(false);
    // The area defaults to the frame: each background covers the post exactly.
    expect(first?.box).toEqual(post.box);
    expect(second?.box).toEqual(post.box);

    const shotAfter = await saveScreenshotAsync(page, 'generate-after');
    const emptyAfter = await pixelAtAsync(shotAfter, emptySpot.x, emptySpot.y);
    const bottleNow = await pixelAtAsync(shotAfter, bottleSpot.x, bottleSpot.y);
    // The cut-out's pixels are untouched, and the generated background shows where the frame was plain.
    expect(colourDistance(bottleNow, bottleBefore)).toBeLessThanOrEqual(2);
    const fill = first?.fills.find((f) => f.type === 'IMAGE');
    const base64 = await page.evaluate((hash) => window.__playground.imageBytesBase64Async(hash), fill?.imageHash ?? '');
    const { data, info } = await sharp(Buffer.from(base64, 'base64')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    // The canvas shows the image scaled down, so one screen pixel mixes a few image pixels: compare
    // with the closest image pixel around the same spot.
    const u = Math.round((800 / 1080) * info.width);
    const v = Math.round((420 / 1080) * info.height);
    let closest = Infinity;
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const offset = ((v + dy) * info.width + (u + dx)) * 3;
        closest = Math.min(closest, colourDistance(emptyAfter, [data[offset] ?? 0, data[offset + 1] ?? 0, data[offset + 2] ?? 0]));
      }
    }
    expect(closest).toBeLessThanOrEqual(16);
    expect(await page.evaluate(() => window.__playground.notifications.map((n) => n.message))).toContainEqual(expect.stringMatching(/placed/i));
    expect(colourDistance(emptyAfter, emptyBefore)).toBeGreaterThan(0);
  });

  it('makes one job per frame for a selection across two frames, and one job for two layers of one frame', async () => {
    const { page, plugin } = await openAsync();
    await selectByNamesAsync(page, [
      { name: 'Bottle', parent: 'Social post' },
      { name: 'Sneaker', parent: 'Banner' },
    ]);
    await generateAsync(plugin, { prompt: 'sunny beach', variations: 1 });
    await waitForOpenTaskUidsAsync(page, 2);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    const afterTwoFrames = await waitForPlacedCountAsync(page, 2);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 2 && states.every((s) => s === 'placed'));
    const containerOf = (frame: { parentId: string | null }) => afterTwoFrames.nodes.find((n) => n.id === frame.parentId);
    const parents = placedFrames(afterTwoFrames).map((frame) => afterTwoFrames.nodes.find((n) => n.id === containerOf(frame)?.parentId)?.name);
    expect(parents.sort()).toEqual(['Banner', 'Social post']);

    await selectByNamesAsync(page, [
      { name: 'Bottle', parent: 'Social post' },
      { name: 'Sneaker', parent: 'Social post' },
    ]);
    await generateAsync(plugin, { prompt: 'kitchen counter', variations: 1 });
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    const afterOneFrame = await waitForPlacedCountAsync(page, 3);
    const states = await waitForJobStatesAsync(page, plugin, (s) => s.length === 3 && s.every((state) => state === 'placed'));
    expect(states).toHaveLength(3);
    // The one background for both layers sits in its own Backdrop directly behind the lower of them, the bottle.
    const bottle = nodeNamed(afterOneFrame, 'Bottle', 'Social post');
    const behindBottle = afterOneFrame.nodes.find((n) => n.parentId === bottle.parentId && n.index === bottle.index - 1);
    expect(behindBottle?.name).toBe('Backdrop · Bottle, Sneaker');
    const inside = placedFrames(afterOneFrame).filter((f) => f.parentId === behindBottle?.id);
    expect(inside.map((f) => f.visible)).toEqual([true]);
    await saveScreenshotAsync(page, 'multi-selection');
  });

  it('places the results exactly once when the plugin is closed mid-job and reopened', async () => {
    const { page, plugin } = await openAsync();
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await generateAsync(plugin, { prompt: 'forest', variations: 2 });
    await waitForOpenTaskUidsAsync(page, 1);
    await page.getByRole('button', { name: 'Close plugin' }).click();
    expect(await page.evaluate(() => window.__playground.isPluginOpen())).toBe(false);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    expect(placedFrames(await snapshotAsync(page))).toHaveLength(0);

    await page.getByRole('button', { name: 'Open plugin' }).click();
    await waitForPlacedCountAsync(page, 2);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'placed');
    // Another close and reopen must not place anything again.
    await page.getByRole('button', { name: 'Close plugin' }).click();
    await page.getByRole('button', { name: 'Open plugin' }).click();
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'placed');
    await page.waitForTimeout(1500);
    expect(placedFrames(await snapshotAsync(page))).toHaveLength(2);
  });

  it('keeps the job list in the page across a reload, and Reset forgets it', async () => {
    const { page, plugin } = await openAsync();
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await generateAsync(plugin, { prompt: 'studio', variations: 1 });
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    await waitForPlacedCountAsync(page, 1);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'placed');

    await page.reload();
    await page.waitForFunction(() => window.__playground?.ready === true);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'placed');

    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reset' }).click()]);
    await page.waitForFunction(() => window.__playground?.ready === true);
    await plugin.getByRole('button', { name: 'Generate', exact: true }).waitFor();
    // The token arrives in the same init answer as the job list, so once it shows, the (empty)
    // list has been loaded too: counting no rows then means Reset forgot the jobs.
    await showPluginTabAsync(plugin, 'Settings');
    await expect.poll(() => plugin.getByLabel('Access token').inputValue(), { timeout: 15_000 }).toBe('backdrop-demo-token');
    await showPluginTabAsync(plugin, 'Jobs');
    await plugin.getByText('No jobs yet', { exact: false }).waitFor({ timeout: 15_000 });
    expect(await plugin.locator('[data-testid^="job-"]').count()).toBe(0);
  });

  it('regenerates from the "Regenerate background" relaunch button: same prompt, source reselected, new seed', async () => {
    const { page, plugin } = await openAsync();
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await generateAsync(plugin, { prompt: 'terracotta tiles in warm evening light', variations: 1 });
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    const afterFirst = await waitForPlacedCountAsync(page, 1);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'placed');
    const [firstFrame] = placedFrames(afterFirst);
    if (!firstFrame) throw new Error('the first background was not placed');

    // As in Figma's properties panel: nothing for a plain layer, the button for a placed background.
    const relaunch = page.getByRole('button', { name: 'Regenerate background', exact: true });
    await selectByNamesAsync(page, [{ name: 'Headline', parent: 'Social post' }]);
    await expect.poll(() => relaunch.count(), { timeout: 5_000 }).toBe(0);
    await page.evaluate((id) => window.__playground.select([id]), firstFrame.id);
    await relaunch.click();

    await expect.poll(() => page.evaluate(() => window.__playground.pluginCommand())).toBe('regenerate');
    await expect
      .poll(() => plugin.locator('body').innerText(), { timeout: 15_000 })
      .toMatch(/Regenerating .*: press Generate/);
    // The background being regenerated is the layer's own: it is replaced, not reported as hidden.
    await expect.poll(() => plugin.locator('body').innerText(), { timeout: 15_000 }).toMatch(/Replace previous background: the new one is shown instead of terracotta/);
    expect(await plugin.locator('body').innerText()).not.toMatch(/would hide[^.]*(Backdrop|terracotta)/);
    expect(await plugin.getByLabel('Prompt', { exact: true }).inputValue()).toBe('terracotta tiles in warm evening light');
    const bottle = nodeNamed(afterFirst, 'Bottle', 'Social post');
    await expect.poll(async () => (await snapshotAsync(page)).selection, { timeout: 15_000 }).toEqual([bottle.id]);
    await saveScreenshotAsync(page, 'regenerate-relaunch');

    await plugin.getByRole('button', { name: 'Generate', exact: true }).click();
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    const afterSecond = await waitForPlacedCountAsync(page, 2);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 2 && states.every((state) => state === 'placed'));

    // The new background joins the bottle's Backdrop on top of the first one, and is the one shown.
    const secondFrame = placedFrames(afterSecond).find((frame) => frame.id !== firstFrame.id);
    const firstNow = afterSecond.nodes.find((n) => n.id === firstFrame.id);
    expect(secondFrame?.parentId).toBe(firstFrame.parentId);
    expect([firstNow?.index, secondFrame?.index]).toEqual([0, 1]);
    expect([firstNow?.visible, secondFrame?.visible]).toEqual([false, true]);

    // Both requests' Seeds, as sent (the stored jobs) and as named on the frames: the second differs.
    const stored = (await page.evaluate(() => window.__playground.readClientStorageAsync('backdrop.jobs.v1'))) as {
      jobs: { params: { PositivePrompts?: unknown; Seed?: unknown } }[];
    };
    const sent = stored.jobs.map((job) => job.params);
    expect(sent).toHaveLength(2);
    expect(sent.map((params) => params.PositivePrompts)).toEqual([['terracotta tiles in warm evening light'], ['terracotta tiles in warm evening light']]);
    const sentSeeds = sent.map((params) => params.Seed);
    expect(sentSeeds.every((seed) => typeof seed === 'number')).toBe(true);
    expect(sentSeeds[0]).not.toBe(sentSeeds[1]);
    const seedOf = (name: string | undefined) => Number(/seed (\d+)/.exec(name ?? '')?.[1]);
    const namedSeeds = [seedOf(firstFrame.name), seedOf(secondFrame?.name)];
    expect(namedSeeds.every(Number.isFinite)).toBe(true);
    expect(namedSeeds[0]).not.toBe(namedSeeds[1]);
    expect([...namedSeeds].sort()).toEqual([...sentSeeds].sort());
  });

  it('cancels a running job: TerminateTask reaches the emulator and the job is cancelled', async () => {
    const { page, plugin } = await openAsync();
    const statsBefore = (await emulatorAdminAsync(e2e.stack.emulatorUrl, 'stats')) as { requests: { byAction: Record<string, number> } };
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await generateAsync(plugin, { prompt: 'neon', variations: 1 });
    await waitForOpenTaskUidsAsync(page, 1);
    await plugin.getByRole('button', { name: 'Cancel' }).first().click();
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'cancelled');
    const statsAfter = (await emulatorAdminAsync(e2e.stack.emulatorUrl, 'stats')) as { requests: { byAction: Record<string, number> } };
    expect((statsAfter.requests.byAction.TerminateTask ?? 0) - (statsBefore.requests.byAction.TerminateTask ?? 0)).toBe(1);
    await page.waitForTimeout(1000);
    expect(placedFrames(await snapshotAsync(page))).toHaveLength(0);
  });

  it('shows a failed job with the error when the emulator fails the task', async () => {
    const { page, plugin } = await openAsync();
    await emulatorAdminAsync(e2e.stack.emulatorUrl, 'faults', { failTaskRate: 1, failErrorCode: 5001 });
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await generateAsync(plugin, { prompt: 'luxury', variations: 1 });
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'failed');
    const row = plugin.locator('[data-testid^="job-"]').first();
    // The emulator's ErrorMassage reaches the designer, in the designer's words.
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toMatch(/could not generate this background: task failed \(injected fault\)/i);
    expect(placedFrames(await snapshotAsync(page))).toHaveLength(0);
    await saveScreenshotAsync(page, 'task-failed');
  });

  it('fails a job PICPIK reports finished without any image, saying so', async () => {
    const { page, plugin } = await openAsync();
    await emulatorAdminAsync(e2e.stack.emulatorUrl, 'faults', { finishEmptyRate: 1 });
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await generateAsync(plugin, { prompt: 'marble', variations: 1 });
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'failed');
    const row = plugin.locator('[data-testid^="job-"]').first();
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toMatch(/PICPIK finished without returning an image/);
    expect(placedFrames(await snapshotAsync(page))).toHaveLength(0);
  });

  it('shows a Status string Backdrop does not know while waiting, and places the result when the task finishes', async () => {
    const { page, plugin } = await openAsync();
    await emulatorAdminAsync(e2e.stack.emulatorUrl, 'faults', { unknownStatusRate: 1, unknownStatus: 'Upscaling' });
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await generateAsync(plugin, { prompt: 'forest', variations: 1 });
    await waitForOpenTaskUidsAsync(page, 1);
    const row = plugin.locator('[data-testid^="job-"]').first();
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toMatch(/PICPIK reports the status "Upscaling", which Backdrop does not know: still waiting/);
    expect(await row.getAttribute('data-state')).toBe('running');
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'placed');
    expect(placedFrames(await snapshotAsync(page))).toHaveLength(1);
    expect(await row.innerText()).not.toMatch(/Upscaling/);
  });

  it('warns before sending when the selected layer has no transparent pixels', async () => {
    const { page, plugin } = await openAsync();
    await selectByNamesAsync(page, [{ name: 'Price tag', parent: 'Banner' }]);
    await expect.poll(() => plugin.locator('body').innerText(), { timeout: 15_000 }).toMatch(/Price tag: This layer has no transparent pixels/i);
    await saveScreenshotAsync(page, 'opaque-warning');
  });

  it('says the token was rejected when the access token is wrong', async () => {
    const { page, plugin } = await openAsync();
    await showPluginTabAsync(plugin, 'Settings');
    await plugin.getByLabel('Access token').fill('not-the-demo-token');
    await plugin.getByRole('button', { name: 'Test connection' }).click();
    const rejected = /Access token rejected/i;
    await expect.poll(() => plugin.locator('body').innerText(), { timeout: 15_000 }).toMatch(rejected);

    // Saved and used for a job, the wrong token fails the job with the same message, and nothing is placed.
    await plugin.getByRole('button', { name: 'Save', exact: true }).click();
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await generateAsync(plugin, { prompt: 'pastel', variations: 1 });
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'failed');
    await expect.poll(() => plugin.locator('[data-testid^="job-"]').first().innerText(), { timeout: 15_000 }).toMatch(rejected);
    expect(placedFrames(await snapshotAsync(page))).toHaveLength(0);
    await saveScreenshotAsync(page, 'token-rejected');
  });
});
