// The canvas after many regenerates, in a real browser with the built plugin: the layer keeps one
// Backdrop container with every variation inside and one shown, and "Use this" on an older job
// changes what the canvas shows, checked by the pixels drawn.
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
import type { SceneSnapshot } from '../../src/playground/page/scene-snapshot.js';

const e2e = setUpE2eSuite({ afterEachAsync: (stack) => emulatorAdminAsync(stack.emulatorUrl, 'faults', {}) });

interface StoredJob {
  id: string;
  createdAt: number;
  placedNodeIds: string[];
}

async function storedJobsAsync(session: PlaygroundSession): Promise<StoredJob[]> {
  const stored = (await session.page.evaluate(() => window.__playground.readClientStorageAsync('backdrop.jobs.v1'))) as { jobs: StoredJob[] };
  return [...stored.jobs].sort((a, b) => a.createdAt - b.createdAt);
}

/** Finishes the open task and waits until `count` variations are placed and every job is placed. */
async function finishJobAsync(session: PlaygroundSession, count: number): Promise<SceneSnapshot> {
  await waitForOpenTaskUidsAsync(session.page, 1);
  await finishOpenTasksAsync(session.page, e2e.stack.emulatorUrl);
  const snapshot = await waitForPlacedCountAsync(session.page, count);
  await waitForJobStatesAsync(session.page, session.plugin, (states) => states.length === count && states.every((state) => state === 'placed'));
  return snapshot;
}

/**
 * How far a screen pixel is from the image around the page point it shows (the canvas scales the
 * image down, so one screen pixel mixes a few image pixels: the closest one nearby counts).
 */
async function distanceToImageAsync(session: PlaygroundSession, imageHash: string, screen: readonly number[], u: number, v: number): Promise<number> {
  const base64 = await session.page.evaluate((hash) => window.__playground.imageBytesBase64Async(hash), imageHash);
  const { data, info } = await sharp(Buffer.from(base64, 'base64')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const x = Math.round(u * info.width);
  const y = Math.round(v * info.height);
  let closest = Infinity;
  for (let dy = -4; dy <= 4; dy++) {
    for (let dx = -4; dx <= 4; dx++) {
      const offset = ((y + dy) * info.width + (x + dx)) * 3;
      closest = Math.min(closest, colourDistance(screen, [data[offset] ?? 0, data[offset + 1] ?? 0, data[offset + 2] ?? 0]));
    }
  }
  return closest;
}

function imageHashOf(snapshot: SceneSnapshot, id: string): string {
  return snapshot.nodes.find((n) => n.id === id)?.fills.find((f) => f.type === 'IMAGE')?.imageHash ?? '';
}

describe('one Backdrop per layer in the playground', () => {
  it('after three regenerates the layers list holds one container with every variation and one shown; "Use this" on the oldest job shows its image', async () => {
    const session = await e2e.openAsync();
    const { page, plugin } = session;
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await generateAsync(plugin, { prompt: 'sunny beach', variations: 1 });
    await finishJobAsync(session, 1);
    // Two regenerates with other words, then one from the newest job's card (same words, new seed).
    await generateAsync(plugin, { prompt: 'deep green forest', variations: 1 });
    await finishJobAsync(session, 2);
    await generateAsync(plugin, { prompt: 'white marble, soft light', variations: 1 });
    await finishJobAsync(session, 3);
    const newestBefore = (await storedJobsAsync(session)).at(-1) as StoredJob;
    await showPluginTabAsync(plugin, 'Jobs');
    await plugin.locator(`[data-testid="job-${newestBefore.id}"]`).getByRole('button', { name: 'Regenerate', exact: true }).click();
    const after = await finishJobAsync(session, 4);

    const jobs = await storedJobsAsync(session);
    expect(jobs).toHaveLength(4);
    const post = nodeNamed(after, 'Social post');
    const bottle = nodeNamed(after, 'Bottle', 'Social post');
    const containers = after.nodes.filter((n) => n.name.startsWith('Backdrop'));
    expect(containers.map((n) => n.name)).toEqual(['Backdrop · Bottle']);
    const container = containers[0] as (typeof containers)[number];
    expect(container.parentId).toBe(post.id);
    expect(container.index).toBe(bottle.index - 1);
    const variations = placedFrames(after);
    expect(variations.map((f) => f.parentId)).toEqual([container.id, container.id, container.id, container.id]);
    // Oldest job at the bottom, the newest on top and the only one shown.
    expect(variations.map((f) => f.id)).toEqual(jobs.map((job) => job.placedNodeIds[0]));
    expect(variations.map((f) => f.visible)).toEqual([false, false, false, true]);
    expect(variations.every((f) => / · seed \d+$/.test(f.name))).toBe(true);
    // The layers panel lists the container once, the variations inside it, the hidden ones dimmed.
    const list = page.locator('#layers-list');
    await expect.poll(() => list.getByText('Backdrop · Bottle', { exact: true }).count()).toBe(1);
    for (const variation of variations) {
      const item = list.locator(`[data-testid="layer-${variation.id}"]`);
      expect(await item.count()).toBe(1);
      expect(await item.evaluate((el) => el.classList.contains('hidden-layer'))).toBe(!variation.visible);
    }

    // An empty spot of the post: before "Use this" it shows the newest image.
    const u = 800 / 1080;
    const v = 420 / 1080;
    const spot = await page.evaluate(([x, y]) => window.__playground.pageToScreen(x as number, y as number), [800, 420]);
    const oldestHash = imageHashOf(after, jobs[0]?.placedNodeIds[0] as string);
    const newestHash = imageHashOf(after, jobs[3]?.placedNodeIds[0] as string);
    const shotBefore = await saveScreenshotAsync(page, 'backdrop-container-before-use');
    const before = await pixelAtAsync(shotBefore, spot.x, spot.y);
    expect(await distanceToImageAsync(session, newestHash, before, u, v)).toBeLessThanOrEqual(16);
    expect(await distanceToImageAsync(session, oldestHash, before, u, v)).toBeGreaterThan(24);

    await plugin.locator(`[data-testid="job-${jobs[0]?.id}"]`).getByRole('button', { name: 'Use variation 1' }).click();
    await expect
      .poll(async () => placedFrames(await snapshotAsync(page)).map((f) => f.visible), { timeout: 15_000 })
      .toEqual([true, false, false, false]);
    await page.waitForTimeout(300);
    const shotAfter = await saveScreenshotAsync(page, 'backdrop-container-after-use');
    const now = await pixelAtAsync(shotAfter, spot.x, spot.y);
    expect(await distanceToImageAsync(session, oldestHash, now, u, v)).toBeLessThanOrEqual(16);
    expect(await distanceToImageAsync(session, newestHash, now, u, v)).toBeGreaterThan(24);
    // Still one container behind the bottle, nothing else moved.
    const final = await snapshotAsync(page);
    expect(final.nodes.filter((n) => n.name.startsWith('Backdrop')).map((n) => n.id)).toEqual([container.id]);
  });
});
