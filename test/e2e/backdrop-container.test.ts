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

interface DecodedImage {
  data: Buffer;
  width: number;
  height: number;
}

async function decodeImageAsync(session: PlaygroundSession, imageHash: string): Promise<DecodedImage> {
  const base64 = await session.page.evaluate((hash) => window.__playground.imageBytesBase64Async(hash), imageHash);
  const { data, info } = await sharp(Buffer.from(base64, 'base64')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function rgbAt(image: DecodedImage, u: number, v: number, dx = 0, dy = 0): number[] {
  const offset = ((Math.round(v * image.height) + dy) * image.width + Math.round(u * image.width) + dx) * 3;
  return [image.data[offset] ?? 0, image.data[offset + 1] ?? 0, image.data[offset + 2] ?? 0];
}

/**
 * How far a screen pixel is from the image around the point (u, v) of it (the canvas scales the
 * image down, so one screen pixel mixes a few image pixels: the closest one nearby counts).
 */
function distanceToImage(image: DecodedImage, screen: readonly number[], u: number, v: number): number {
  let closest = Infinity;
  for (let dy = -4; dy <= 4; dy++) {
    for (let dx = -4; dx <= 4; dx++) closest = Math.min(closest, colourDistance(screen, rgbAt(image, u, v, dx, dy)));
  }
  return closest;
}

/** Points of the post no layer covers (page units; the post is 1080 x 1080 at the origin). */
const EMPTY_SPOTS = [
  [40, 40],
  [1040, 40],
  [800, 420],
  [60, 600],
  [40, 1040],
  [540, 1040],
  [1040, 1040],
] as const;

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

    // Of the empty spots of the post, the one where the oldest and newest images differ most.
    const oldest = await decodeImageAsync(session, imageHashOf(after, jobs[0]?.placedNodeIds[0] as string));
    const newest = await decodeImageAsync(session, imageHashOf(after, jobs[3]?.placedNodeIds[0] as string));
    const [px, py] = [...EMPTY_SPOTS].sort(
      (a, b) => colourDistance(rgbAt(oldest, b[0] / 1080, b[1] / 1080), rgbAt(newest, b[0] / 1080, b[1] / 1080)) - colourDistance(rgbAt(oldest, a[0] / 1080, a[1] / 1080), rgbAt(newest, a[0] / 1080, a[1] / 1080)),
    )[0] as readonly [number, number];
    const [u, v] = [px / 1080, py / 1080];
    expect(colourDistance(rgbAt(oldest, u, v), rgbAt(newest, u, v))).toBeGreaterThan(48);
    const spot = await page.evaluate(([x, y]) => window.__playground.pageToScreen(x as number, y as number), [px, py]);
    // Before "Use this" the canvas shows the newest image there.
    const before = await pixelAtAsync(await saveScreenshotAsync(page, 'backdrop-container-before-use'), spot.x, spot.y);
    expect(distanceToImage(newest, before, u, v)).toBeLessThanOrEqual(16);
    expect(distanceToImage(oldest, before, u, v)).toBeGreaterThan(24);

    await plugin.locator(`[data-testid="job-${jobs[0]?.id}"]`).getByRole('button', { name: 'Use variation 1' }).click();
    await expect
      .poll(async () => placedFrames(await snapshotAsync(page)).map((f) => f.visible), { timeout: 15_000 })
      .toEqual([true, false, false, false]);
    await page.waitForTimeout(300);
    const now = await pixelAtAsync(await saveScreenshotAsync(page, 'backdrop-container-after-use'), spot.x, spot.y);
    expect(distanceToImage(oldest, now, u, v)).toBeLessThanOrEqual(16);
    expect(distanceToImage(newest, now, u, v)).toBeGreaterThan(24);
    // Still one container behind the bottle, nothing else moved.
    const final = await snapshotAsync(page);
    expect(final.nodes.filter((n) => n.name.startsWith('Backdrop')).map((n) => n.id)).toEqual([container.id]);
  });
});
