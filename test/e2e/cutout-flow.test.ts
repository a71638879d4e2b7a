// Remove background, then generate, in a real browser: the built plugin in the playground cuts the
// product photo out (a layer over the hidden original), then generates a background behind the
// cut-out; checked by decoded pixels, and across closing the plugin between the stages.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import {
  colourDistance,
  emulatorAdminAsync,
  finishOpenTasksAsync,
  nodeNamed,
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
import type { SceneSnapshot, SnapshotNode } from '../../src/playground/page/scene-snapshot.js';

const e2e = setUpE2eSuite({ afterEachAsync: (stack) => emulatorAdminAsync(stack.emulatorUrl, 'faults', {}) });
const CUTOUT_NAME = 'Bottle (cut-out)';

async function imageAsync(page: Page, node: SnapshotNode): Promise<{ data: Buffer; width: number; height: number }> {
  const hash = node.fills.find((fill) => fill.type === 'IMAGE')?.imageHash ?? '';
  const base64 = await page.evaluate((h) => window.__playground.imageBytesBase64Async(h), hash);
  const { data, info } = await sharp(Buffer.from(base64, 'base64')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function pixel(image: { data: Buffer; width: number }, x: number, y: number): number[] {
  const offset = (Math.round(y) * image.width + Math.round(x)) * 4;
  return [...image.data.subarray(offset, offset + 4)];
}

async function waitForNodeAsync(page: Page, name: string, timeoutMs = 60_000): Promise<SceneSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snapshot = await snapshotAsync(page);
    if (snapshot.nodes.some((node) => node.name === name)) return snapshot;
    if (Date.now() > deadline) throw new Error(`no node named ${name}`);
    await page.waitForTimeout(100);
  }
}

/** Selects the photo and presses "Remove background, then generate" with one variation. */
async function startBothAsync(session: PlaygroundSession, prompt: string): Promise<void> {
  const { page, plugin } = session;
  await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Product photo' }]);
  await showPluginTabAsync(plugin, 'Generate');
  await plugin.getByLabel('Prompt', { exact: true }).fill(prompt);
  await plugin.getByLabel('Variations', { exact: true }).fill('1');
  await plugin.getByRole('button', { name: 'Remove background, then generate' }).click({ timeout: 30_000 });
}

describe('remove background, then generate', () => {
  it('places the cut-out over the hidden original and a background behind it that shows the subject where it was', async () => {
    const session = await e2e.openAsync();
    const { page, plugin } = session;
    await startBothAsync(session, 'white marble, soft light');
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    const withCutout = await waitForNodeAsync(page, CUTOUT_NAME);
    const original = nodeNamed(withCutout, 'Bottle', 'Product photo');
    const cutout = nodeNamed(withCutout, CUTOUT_NAME, 'Product photo');
    expect(cutout.parentId).toBe(original.parentId);
    expect(cutout.box).toEqual(original.box);
    expect(cutout.index).toBe(original.index + 1);
    expect(original.visible).toBe(false);
    expect(cutout.visible).toBe(true);

    // The cut-out: the bottle's glass opaque, the white studio corner transparent.
    const cut = await imageAsync(page, cutout);
    const sx = cut.width / 480;
    expect(pixel(cut, 240 * sx, 640 * sx)[3]).toBe(255);
    expect(pixel(cut, 20 * sx, 20 * sx)[3]).toBe(0);
    expect(pixel(cut, 460 * sx, 860 * sx)[3]).toBe(0);

    // The generate stage goes out by itself with the cut-out as its foreground.
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    const after = await waitForPlacedCountAsync(page, 1);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'placed');
    const [background] = placedFrames(after);
    const cutNow = nodeNamed(after, CUTOUT_NAME, 'Product photo');
    const frame = nodeNamed(after, 'Product photo');
    // In the layer's one Backdrop container, which sits in the frame behind the cut-out.
    const container = after.nodes.find((node) => node.id === background?.parentId) as SnapshotNode;
    expect(container.name).toBe(`Backdrop · ${CUTOUT_NAME}`);
    expect(container.parentId).toBe(frame.id);
    expect(container.index < cutNow.index).toBe(true);
    expect(background?.box).toEqual(frame.box);
    expect(after.nodes.filter((node) => node.name === CUTOUT_NAME)).toHaveLength(1);

    // The background shows the subject where it was: the glass colour at the bottle's spot.
    const plate = await imageAsync(page, background as SnapshotNode);
    const scale = plate.width / 1080;
    const glass = pixel(cut, 240 * sx, 640 * sx);
    let closest = Infinity;
    for (let dy = -3; dy <= 3; dy++) {
      for (let dx = -3; dx <= 3; dx++) closest = Math.min(closest, colourDistance(pixel(plate, (300 + 240) * scale + dx, (140 + 640) * scale + dy), glass));
    }
    expect(closest).toBeLessThanOrEqual(24);
    await expect.poll(() => plugin.locator('[data-stage="cutout"]').innerText()).toMatch(/done/);
    await saveScreenshotAsync(page, 'cutout-then-generate');
  });

  it('closing the plugin between the stages: reopened, it goes on and places each result once', async () => {
    const session = await e2e.openAsync();
    const { page, plugin } = session;
    await startBothAsync(session, 'forest');
    await waitForOpenTaskUidsAsync(page, 1);
    await page.getByRole('button', { name: 'Close plugin' }).click();
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    expect((await snapshotAsync(page)).nodes.some((node) => node.name === CUTOUT_NAME)).toBe(false);

    await page.getByRole('button', { name: 'Open plugin' }).click();
    await waitForNodeAsync(page, CUTOUT_NAME);
    await waitForOpenTaskUidsAsync(page, 1);
    await page.getByRole('button', { name: 'Close plugin' }).click();
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    await page.getByRole('button', { name: 'Open plugin' }).click();
    await waitForPlacedCountAsync(page, 1);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'placed');
    await page.getByRole('button', { name: 'Close plugin' }).click();
    await page.getByRole('button', { name: 'Open plugin' }).click();
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'placed');
    await page.waitForTimeout(1500);
    const final = await snapshotAsync(page);
    expect(final.nodes.filter((node) => node.name === CUTOUT_NAME)).toHaveLength(1);
    expect(placedFrames(final)).toHaveLength(1);
    expect(nodeNamed(final, 'Bottle', 'Product photo').visible).toBe(false);
  });
});

describe('clean plate', () => {
  it('the option on the Generate form places a plate with no subject pixels where the subject was, shown in place of the background', async () => {
    const session = await e2e.openAsync();
    const { page, plugin } = session;
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await showPluginTabAsync(plugin, 'Generate');
    await plugin.getByLabel('Prompt', { exact: true }).fill('white marble, soft light');
    await plugin.getByLabel('Variations', { exact: true }).fill('1');
    // The option sits with the other less-used ones under Advanced.
    await plugin.getByText('Advanced', { exact: true }).click();
    await plugin.getByRole('switch', { name: /Clean plate/ }).check({ force: true });
    await plugin.getByRole('button', { name: 'Generate', exact: true }).click();
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    await waitForPlacedCountAsync(page, 1);
    // The plate's RemoveContents goes out by itself once the background is placed.
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    const after = await waitForPlacedCountAsync(page, 2);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 2 && states.every((state) => state === 'placed'));
    const frames = placedFrames(after);
    const post = nodeNamed(after, 'Social post');
    const bottle = nodeNamed(after, 'Bottle', 'Social post');
    const plateNode = frames.find((node) => node.name.includes('Clean plate')) as SnapshotNode;
    const sourceNode = frames.find((node) => node !== plateNode) as SnapshotNode;
    // One more variation in the layer's Backdrop container, inside the post.
    expect(plateNode.parentId).toBe(sourceNode.parentId);
    const container = after.nodes.find((node) => node.id === plateNode.parentId) as SnapshotNode;
    expect(container.name.startsWith('Backdrop · ')).toBe(true);
    expect(container.parentId).toBe(post.id);
    expect(plateNode.box).toEqual(sourceNode.box);
    expect(plateNode.visible).toBe(true);
    expect(sourceNode.visible).toBe(false);
    expect(Math.abs(plateNode.index - sourceNode.index)).toBe(1);

    // Where the bottle's glass is, the background shows the glass and the plate shows none of it.
    const [plateImage, sourceImage] = [await imageAsync(page, plateNode), await imageAsync(page, sourceNode)];
    const scale = plateImage.width / 1080;
    const bx = bottle.box?.x ?? 0;
    const by = bottle.box?.y ?? 0;
    const glassSpots = [
      [bx + 128, by + 280],
      [bx + 128, by + 530],
      [bx + 90, by + 300],
    ];
    for (const [x, y] of glassSpots) {
      const inSource = pixel(sourceImage, (x as number) * scale, (y as number) * scale);
      const inPlate = pixel(plateImage, (x as number) * scale, (y as number) * scale);
      expect(inSource[1] as number).toBeGreaterThan((inSource[0] as number) + 30);
      expect(colourDistance(inPlate, inSource)).toBeGreaterThan(40);
    }
    // No greenish glass pixel left anywhere inside the bottle's box.
    let glassLeft = 0;
    for (let y = by + 40; y < by + 580; y += 4) {
      for (let x = bx + 50; x < bx + 206; x += 4) {
        const [r, g, b] = pixel(plateImage, x * scale, y * scale) as [number, number, number];
        if (g > r + 40 && g > b + 20) glassLeft += 1;
      }
    }
    expect(glassLeft).toBe(0);
    await saveScreenshotAsync(page, 'clean-plate');
  });
});
