// The playground page itself: the sample design drawn from the stand-in's scene, the layers panel
// in z-order, selection by click and shift-click, adding a PNG, and the plugin iframe set up as
// Figma sets it up (sandboxed, null origin, theme variables).
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  colourDistance,
  nodeNamed,
  pixelAtAsync,
  saveScreenshotAsync,
  setUpE2eSuite,
  snapshotAsync,
} from './harness.js';

const e2e = setUpE2eSuite();
const openAsync = () => e2e.openAsync({ waitForPluginUi: false });

describe('the playground page', () => {
  it('lists the layers top first, as Figma does, and selects by click and shift-click', async () => {
    const { page } = await openAsync();
    const names = await page.locator('#layers-list li .layer-name').allInnerTexts();
    expect(names).toEqual(['Product photo', 'Bottle', 'Banner', 'Price tag', 'Sneaker', 'Social post', 'Headline', 'Sneaker', 'Bottle']);
    const snapshot = await snapshotAsync(page);
    const bottle = nodeNamed(snapshot, 'Bottle', 'Social post');
    const headline = nodeNamed(snapshot, 'Headline', 'Social post');
    expect(bottle.index).toBeLessThan(headline.index);

    // Click on the canvas at the headline's centre, then shift-click the bottle in the layers list.
    const centre = await page.evaluate(
      (box) => window.__playground.pageToScreen(box.x + box.width / 2, box.y + box.height / 2),
      headline.box ?? { x: 0, y: 0, width: 0, height: 0 },
    );
    await page.mouse.click(centre.x, centre.y);
    expect((await snapshotAsync(page)).selection).toEqual([headline.id]);
    await page.locator(`#layers-list li[data-node-id="${bottle.id}"]`).click({ modifiers: ['Shift'] });
    expect((await snapshotAsync(page)).selection).toEqual([headline.id, bottle.id]);
    await page.locator(`#layers-list li[data-node-id="${bottle.id}"]`).click({ modifiers: ['Shift'] });
    expect((await snapshotAsync(page)).selection).toEqual([headline.id]);
  });

  it('draws image fills from the scene and stops drawing a layer once it is hidden', async () => {
    const { page } = await openAsync();
    const snapshot = await snapshotAsync(page);
    const sneaker = nodeNamed(snapshot, 'Sneaker', 'Banner');
    const box = sneaker.box ?? { x: 0, y: 0, width: 0, height: 0 };
    // A point on the sneaker's red upper (fixture coordinates 330,230 of 640x340).
    const spot = await page.evaluate(
      ([x, y]) => window.__playground.pageToScreen(x as number, y as number),
      [box.x + (330 / 640) * box.width, box.y + (230 / 340) * box.height],
    );
    // The canvas draws once the image fill has loaded: sample until it shows (or the poll times out).
    const distanceAtSpotAsync = async (colour: readonly number[]) =>
      colourDistance(await pixelAtAsync(await page.screenshot(), spot.x, spot.y), colour);
    await expect.poll(() => distanceAtSpotAsync([0xd7, 0x26, 0x3d]), { timeout: 15_000, interval: 200 }).toBeLessThanOrEqual(12);
    await page.evaluate((id) => {
      const node = window.__playground.snapshot().nodes.find((n) => n.id === id);
      if (!node) throw new Error('sneaker missing');
      window.__playground.setVisible(id, false);
    }, sneaker.id);
    await expect.poll(() => distanceAtSpotAsync([0xdf, 0xe8, 0xef]), { timeout: 15_000, interval: 200 }).toBeLessThanOrEqual(3);
  });

  it('adds a PNG chosen by the user as a new layer with an image fill, selected', async () => {
    const { page } = await openAsync();
    const before = await snapshotAsync(page);
    await page.locator('#add-png').setInputFiles(path.resolve('src/playground/fixtures/bottle.png'));
    await expect.poll(async () => (await snapshotAsync(page)).nodes.length, { timeout: 15_000 }).toBe(before.nodes.length + 1);
    const after = await snapshotAsync(page);
    const added = after.nodes.find((n) => !before.nodes.some((old) => old.id === n.id));
    expect(added?.name).toBe('bottle');
    expect(added?.fills[0]?.type).toBe('IMAGE');
    expect(after.selection).toEqual([added?.id]);
    // Same bytes as the file: the stand-in's image store keys images by content.
    const base64 = await page.evaluate((hash) => window.__playground.imageBytesBase64Async(hash), added?.fills[0]?.imageHash ?? '');
    expect(Buffer.from(base64, 'base64').equals(await readFile('src/playground/fixtures/bottle.png'))).toBe(true);

    // Dropping a file on the canvas does the same.
    const sneakerBytes = Array.from(await readFile('src/playground/fixtures/sneaker.png'));
    await page.evaluate((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'my-sneaker.png', { type: 'image/png' }));
      document.getElementById('stage')?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, sneakerBytes);
    await expect.poll(async () => (await snapshotAsync(page)).nodes.map((n) => n.name), { timeout: 15_000 }).toContain('my-sneaker');
  });

  it('hosts the plugin UI in a sandboxed iframe with a null origin and Figma theme variables', async () => {
    const { page, plugin } = await openAsync();
    const iframe = page.locator('#plugin-host iframe');
    await expect.poll(() => iframe.getAttribute('sandbox'), { timeout: 15_000 }).toBe('allow-scripts');
    await plugin.locator('body').waitFor();
    const inside = await plugin.locator('html').evaluate(() => ({
      origin: window.origin,
      className: document.documentElement.className,
      bg: getComputedStyle(document.documentElement).getPropertyValue('--figma-color-bg').trim(),
      brand: getComputedStyle(document.documentElement).getPropertyValue('--figma-color-bg-brand').trim(),
    }));
    expect(inside.origin).toBe('null');
    expect(inside.className.split(/\s+/)).toContain('figma-light');
    expect(inside.bg).not.toBe('');
    expect(inside.brand).toBe('#0d99ff');
    await saveScreenshotAsync(page, 'playground');
  });
});
