// The playground page's pure parts, run in Node against the figma stand-in: the sample design,
// the scene snapshot and hit test, the view fit, the theme injection and the persisted storage.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createFigmaStandin, createMemoryClientStorage } from '../../src/figma-standin/index.js';
import { createSharpCodec } from '../../src/figma-standin/codec-sharp.js';
import { buildSampleDesign } from '../../src/playground/page/sample-design.js';
import { hitTestNode, sceneSignature, snapshotPage } from '../../src/playground/page/scene-snapshot.js';
import { fitViewTransform, pageContentBounds } from '../../src/playground/page/render-scene.js';
import { injectFigmaTheme } from '../../src/playground/page/plugin-frame.js';
import { clearPersistedClientStorage, createPersistentClientStorageAsync } from '../../src/playground/page/persistent-client-storage.js';

async function sampleSceneAsync() {
  const standin = createFigmaStandin({ codec: createSharpCodec() });
  const [bottle, sneaker] = await Promise.all([
    readFile('src/playground/fixtures/bottle.png'),
    readFile('src/playground/fixtures/sneaker.png'),
  ]);
  buildSampleDesign(standin.figma, { bottle: new Uint8Array(bottle), sneaker: new Uint8Array(sneaker) });
  return standin.figma;
}

/** A Storage backed by a Map, as localStorage behaves. */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (index) => [...map.keys()][index] ?? null,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, String(value)),
    removeItem: (key) => void map.delete(key),
    clear: () => map.clear(),
  };
}

describe('the sample design', () => {
  it('has a social post with two transparent cut-outs under a headline, and a banner', async () => {
    const figma = await sampleSceneAsync();
    const snapshot = snapshotPage(figma.currentPage);
    const post = snapshot.nodes.find((n) => n.name === 'Social post');
    expect(post?.box).toEqual({ x: 0, y: 0, width: 1080, height: 1080 });
    const children = snapshot.nodes.filter((n) => n.parentId === post?.id).sort((a, b) => a.index - b.index);
    expect(children.map((n) => n.name)).toEqual(['Bottle', 'Sneaker', 'Headline']);
    expect(children[0]?.fills[0]?.type).toBe('IMAGE');
    expect(children[1]?.fills[0]?.type).toBe('IMAGE');
    expect(children[2]?.fills[0]).toEqual({ type: 'SOLID', color: '#1e1e1e' });
    const banner = snapshot.nodes.find((n) => n.name === 'Banner');
    expect(snapshot.nodes.filter((n) => n.parentId === banner?.id).map((n) => n.name)).toEqual(['Sneaker', 'Price tag']);
  });

  it('uses cut-outs that really are transparent around the product and opaque inside', async () => {
    const sharp = (await import('sharp')).default;
    for (const name of ['bottle.png', 'sneaker.png']) {
      const { data, info } = await sharp(`src/playground/fixtures/${name}`).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const alphaAt = (x: number, y: number) => data[(y * info.width + x) * 4 + 3];
      expect(alphaAt(0, 0)).toBe(0);
      expect(alphaAt(Math.floor(info.width / 2), Math.floor(info.height * 0.75))).toBe(255);
    }
  });
});

describe('hitTestNode', () => {
  it('picks the topmost visible layer inside frames, the frame itself on an empty spot, and nothing outside', async () => {
    const figma = await sampleSceneAsync();
    const page = figma.currentPage;
    expect(hitTestNode(page, 300, 600)?.name).toBe('Bottle');
    expect(hitTestNode(page, 500, 150)?.name).toBe('Headline');
    expect(hitTestNode(page, 1000, 100)?.name).toBe('Social post');
    expect(hitTestNode(page, 1130, 500)).toBeNull();
    const bottle = page.findOne((n) => n.name === 'Bottle');
    if (!bottle) throw new Error('no bottle');
    bottle.visible = false;
    expect(hitTestNode(page, 300, 600)?.name).toBe('Social post');
  });
});

describe('sceneSignature', () => {
  it('changes when a layer moves in z-order or is hidden, and not otherwise', async () => {
    const figma = await sampleSceneAsync();
    const page = figma.currentPage;
    const first = sceneSignature(page);
    expect(sceneSignature(page)).toBe(first);
    const headline = page.findOne((n) => n.name === 'Headline');
    if (!headline || !headline.parent || !('insertChild' in headline.parent)) throw new Error('no headline');
    headline.parent.insertChild(0, headline);
    const moved = sceneSignature(page);
    expect(moved).not.toBe(first);
    headline.visible = false;
    expect(sceneSignature(page)).not.toBe(moved);
  });
});

describe('fitViewTransform', () => {
  it('fits the design inside the viewport with the margin, centred', async () => {
    const figma = await sampleSceneAsync();
    const bounds = pageContentBounds(figma.currentPage);
    expect(bounds).toEqual({ x: 0, y: 0, width: 1200, height: 1788 });
    const view = fitViewTransform(bounds, 800, 600, 20);
    expect(view.scale).toBeCloseTo(560 / 1788, 6);
    expect(view.offsetY).toBeCloseTo(20, 6);
    expect(view.offsetX + (bounds.width * view.scale) / 2).toBeCloseTo(400, 6);
  });
});

describe('injectFigmaTheme', () => {
  it('adds the figma-light class and the theme style to the UI html, keeping existing classes', () => {
    const html = injectFigmaTheme('<!doctype html><html lang="en" class="x"><head><title>t</title></head><body></body></html>', ':root{--figma-color-bg:#fff}');
    expect(html).toContain('<html lang="en" class="figma-light x">');
    expect(html).toContain('<head><style id="figma-style">:root{--figma-color-bg:#fff}</style><title>');
  });

  it('copes with html without a head or html element', () => {
    expect(injectFigmaTheme('<div>hi</div>', 'a{}')).toBe('<html class="figma-light"><head><style id="figma-style">a{}</style></head><div>hi</div></html>');
  });
});

describe('createPersistentClientStorageAsync', () => {
  it('writes through to localStorage and restores plain data and Uint8Array on the next page load', async () => {
    const local = memoryStorage();
    const first = await createPersistentClientStorageAsync(createMemoryClientStorage(), local);
    await first.setAsync('backdrop.jobs.v1', { version: 1, jobs: [{ id: 'a', placedImages: [0, 1] }] });
    await first.setAsync('bytes', new Uint8Array([0, 255, 7]));
    await first.setAsync('gone', 1);
    await first.deleteAsync('gone');

    const second = await createPersistentClientStorageAsync(createMemoryClientStorage(), local);
    expect(await second.getAsync('backdrop.jobs.v1')).toEqual({ version: 1, jobs: [{ id: 'a', placedImages: [0, 1] }] });
    const bytes = await second.getAsync('bytes');
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(bytes as Uint8Array)).toEqual([0, 255, 7]);
    expect((await second.keysAsync()).sort()).toEqual(['backdrop.jobs.v1', 'bytes']);

    local.setItem('unrelated', 'kept');
    clearPersistedClientStorage(local);
    const third = await createPersistentClientStorageAsync(createMemoryClientStorage(), local);
    expect(await third.keysAsync()).toEqual([]);
    expect(local.getItem('unrelated')).toBe('kept');
  });

  it('keeps the stand-in limit of 5 MB and does not persist a refused write', async () => {
    const local = memoryStorage();
    const storage = await createPersistentClientStorageAsync(createMemoryClientStorage(1000), local);
    await expect(storage.setAsync('big', 'x'.repeat(2000))).rejects.toThrow(/quota/);
    expect(local.length).toBe(0);
  });
});
