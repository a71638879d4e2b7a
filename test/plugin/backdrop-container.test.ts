// One Backdrop per layer: every job for a layer puts its variations into one container behind it,
// exactly one shown; "Use this" from any job shows its variation on the canvas; "Delete unused
// variations" removes that job's hidden ones in one undo step; loose frames of earlier versions still count.
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/protocol/shapes';
import { startPlugin } from '../../src/plugin/start-plugin';
import { createUiChannel } from '../../src/protocol/ui-channel';
import { childNames, frame, jobFor, openSessionAsync, rectangle, solidPngAsync } from './plugin-session';
import type { TestSession } from './plugin-session';

async function placeAllAsync(session: TestSession, job: JobRecord, firstSeed: number): Promise<string[]> {
  await session.channel.requestAsync('saveJob', { job });
  const ids: string[] = [];
  for (let i = 0; i < job.imageCount; i += 1) {
    const png = await solidPngAsync(job.output.width, job.output.height);
    ids.push((await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: i, png, seed: firstSeed + i })).nodeId);
  }
  return ids;
}

/** Post (a frame at 0,0) holding Sky, Product and Caption; `legacy` adds a loose Backdrop frame of an earlier version behind Product. */
async function postAsync(options: { legacy?: boolean } = {}) {
  const ids: Record<string, string> = {};
  const session = await openSessionAsync({
    build: (figma) => {
      const post = frame(figma, figma.currentPage, 'Post', 0, 0, 400, 300);
      ids.sky = rectangle(figma, post, 'Sky', 0, 0, 400, 300).id;
      const product = rectangle(figma, post, 'Product', 100, 100, 120, 80);
      ids.product = product.id;
      ids.caption = rectangle(figma, post, 'Caption', 20, 250, 200, 30).id;
      ids.post = post.id;
      if (options.legacy) {
        const loose = frame(figma, post, 'Backdrop 1/1 · sunset · seed 5', 0, 0, 400, 300);
        post.insertChild(1, loose);
        loose.fills = [{ type: 'SOLID', color: { r: 0, g: 1, b: 0 } }];
        // What earlier versions wrote: private plugin data, same key, role background.
        loose.setPluginData('backdrop', JSON.stringify({
          v: 1, role: 'background', jobId: 'job-old', taskUid: 'task-old', imageIndex: 0, seed: 5, area: { x: 0, y: 0, width: 400, height: 300 },
          areaSpec: { kind: 'frame' }, placement: 'behind', resizeMode: 'ResizeAndFill', output: { width: 800, height: 600 }, label: 'sunset',
          params: {}, sourceLayerIds: [product.id], createdAt: 1,
        }));
        ids.loose = loose.id;
      }
    },
  });
  const job = (id: string, imageCount: number) =>
    jobFor({
      id, taskUid: 'task-' + id, imageCount, pageId: session.figma.currentPage.id, layerIds: [ids.product as string],
      lowestLayerId: ids.product as string, frameId: ids.post as string, area: { x: 0, y: 0, width: 400, height: 300 },
    });
  const post = (await session.figma.getNodeByIdAsync(ids.post as string)) as FrameNode;
  return { session, ids, job, post };
}

function container(parent: FrameNode): FrameNode {
  const found = parent.children.filter((child) => child.name === 'Backdrop · Product');
  expect(found).toHaveLength(1);
  return found[0] as FrameNode;
}

function shownIds(parent: FrameNode): string[] {
  return parent.children.filter((child) => child.visible).map((child) => child.id);
}

describe('one Backdrop container per layer', () => {
  it('three regenerates: one container directly behind the layer, every variation in it, the newest job\'s first shown', async () => {
    const { session, job, post } = await postAsync();
    const placed: string[][] = [];
    for (const [n, id] of ['job-1', 'job-2', 'job-3'].entries()) placed.push(await placeAllAsync(session, job(id, 2), 100 * (n + 1)));
    expect(childNames(post)).toEqual(['Sky', 'Backdrop · Product', 'Product', 'Caption']);
    const box = container(post);
    // Each job's two images are numbered: a task's images share its seed.
    expect(childNames(box)).toEqual([101, 100, 201, 200, 301, 300].map((seed) => `white marble, soft light · ${(seed % 100) + 1}/2 · seed ${seed}`));
    expect(shownIds(box)).toEqual([placed[2]?.[0]]);
    // Each variation keeps its own metadata and relaunch data; the container carries its layer set only.
    const variation = box.children[0] as FrameNode;
    expect(JSON.parse(variation.getSharedPluginData('backdrop', 'backdrop'))).toMatchObject({ role: 'background', jobId: 'job-1', imageIndex: 1, seed: 101 });
    expect(variation.getRelaunchData()).toEqual({ regenerate: 'New backgrounds with the same settings' });
    expect(box.getSharedPluginData('backdrop', 'backdrop')).toBe('');
    expect(box.getRelaunchData()).toEqual({ regenerate: 'New backgrounds with the same settings' });
  });

  it('"Use this" on the oldest job shows its variation and hides every other one, then on the newest again', async () => {
    const { session, job, post } = await postAsync();
    const oldest = await placeAllAsync(session, job('job-1', 2), 10);
    const newest = await placeAllAsync(session, job('job-2', 2), 20);
    session.figma.commitUndo();
    const steps = session.standin.undo.commits;
    await session.channel.requestAsync('showVariation', { jobId: 'job-1', imageIndex: 1 });
    expect(shownIds(container(post))).toEqual([oldest[1]]);
    expect(session.standin.undo.commits).toBe(steps + 1);
    const { job: updated } = await session.channel.requestAsync('showVariation', { jobId: 'job-2', imageIndex: 0 });
    expect(shownIds(container(post))).toEqual([newest[0]]);
    expect(updated.visibleIndex).toBe(0);
  });

  it('"Delete unused variations" removes that job\'s hidden ones in one undo step, not other jobs\' of the layer, and the undo brings them back', async () => {
    const { session, job, post } = await postAsync();
    const oldest = await placeAllAsync(session, job('job-1', 3), 10);
    const newest = await placeAllAsync(session, job('job-2', 2), 20);
    await session.channel.requestAsync('showVariation', { jobId: 'job-2', imageIndex: 1 });
    const result = await session.channel.requestAsync('deleteUnusedVariations', { jobId: 'job-1' });
    // The job's hidden variations, named so the jobs list stops offering them; job-2's hidden one stays.
    expect(result.removed).toBe(3);
    expect([...result.removedNodeIds].sort()).toEqual([...oldest].sort());
    expect(container(post).children.map((child) => child.id)).toEqual([newest[0], newest[1]].reverse());
    expect(shownIds(container(post))).toEqual([newest[1]]);
    expect(childNames(post)).toEqual(['Sky', 'Backdrop · Product', 'Product', 'Caption']);
    session.standin.undo.undoLast();
    expect(container(post).children).toHaveLength(5);
    expect(shownIds(container(post))).toEqual([newest[1]]);
    // From the shown job's card: its other variation goes, the shown one stays.
    const own = await session.channel.requestAsync('deleteUnusedVariations', { jobId: 'job-2' });
    expect(own.removedNodeIds).toEqual([newest[0]]);
    expect(container(post).children.map((child) => child.id)).toEqual([...[...oldest].reverse(), newest[1]]);
    await expect(session.channel.requestAsync('deleteUnusedVariations', { jobId: 'nope' })).rejects.toMatchObject({ message: 'This job is no longer known.' });
  });

  it('a result that arrives again after "Delete unused variations" is not placed twice', async () => {
    const { session, job, post } = await postAsync();
    const first = job('job-1', 2);
    await placeAllAsync(session, first, 10);
    await session.channel.requestAsync('deleteUnusedVariations', { jobId: 'job-1' });
    const again = await session.channel.requestAsync('placeImage', { jobId: 'job-1', imageIndex: 1, png: await solidPngAsync(800, 600), seed: 11 });
    expect(again.alreadyPlaced).toBe(true);
    expect(container(post).children).toHaveLength(1);
  });

  it('the layer moved up (or into another frame) since: the next job brings its Backdrop back directly behind it, variations unmoved on the page', async () => {
    const { session, ids, job, post } = await postAsync();
    const [first] = await placeAllAsync(session, job('job-1', 1), 1);
    const firstNode = (await session.figma.getNodeByIdAsync(first as string)) as FrameNode;
    const product = (await session.figma.getNodeByIdAsync(ids.product as string)) as RectangleNode;
    post.appendChild(product);
    expect(childNames(post)).toEqual(['Sky', 'Backdrop · Product', 'Caption', 'Product']);
    await placeAllAsync(session, job('job-2', 1), 2);
    expect(childNames(post)).toEqual(['Sky', 'Caption', 'Backdrop · Product', 'Product']);
    const other = frame(session.figma, session.figma.currentPage, 'Other', 600, 0, 400, 300);
    other.appendChild(product);
    await placeAllAsync(session, job('job-3', 1), 3);
    expect(childNames(other)).toEqual(['Backdrop · Product', 'Product']);
    expect(childNames(post)).toEqual(['Sky', 'Caption']);
    expect(container(other).children).toHaveLength(3);
    expect(firstNode.absoluteBoundingBox).toEqual({ x: 0, y: 0, width: 400, height: 300 });
  });

  it('after a restart mid-job: the rest of the job joins the same container hidden, and nothing is placed twice', async () => {
    const { session, job, post } = await postAsync();
    const running = job('job-1', 2);
    await session.channel.requestAsync('saveJob', { job: running });
    const png = await solidPngAsync(800, 600);
    const first = await session.channel.requestAsync('placeImage', { jobId: 'job-1', imageIndex: 0, png, seed: 1 });
    // The plugin closes and opens again: a new main thread reading the same document and storage.
    const plugin = startPlugin(session.figma, { now: () => session.clock.now });
    await plugin.ready;
    const channel = createUiChannel((message) => session.standin.ui.postFromUi(message), { warn: () => undefined });
    session.standin.ui.onMainPost((message) => channel.receive(message));
    const again = await channel.requestAsync('placeImage', { jobId: 'job-1', imageIndex: 0, png, seed: 1 });
    expect(again).toMatchObject({ nodeId: first.nodeId, alreadyPlaced: true });
    const second = await channel.requestAsync('placeImage', { jobId: 'job-1', imageIndex: 1, png, seed: 2 });
    expect(childNames(post)).toEqual(['Sky', 'Backdrop · Product', 'Product', 'Caption']);
    expect(container(post).children.map((child) => [child.id, child.visible])).toEqual([
      [second.nodeId, false],
      [first.nodeId, true],
    ]);
  });

  it('a layer set of a multi-layer job has its own container, apart from a single layer of it', async () => {
    const { session, ids, job, post } = await postAsync();
    const both = { ...job('job-both', 1), layerIds: [ids.caption as string, ids.product as string] };
    await placeAllAsync(session, job('job-1', 1), 1);
    await placeAllAsync(session, both, 2);
    await placeAllAsync(session, { ...both, id: 'job-both-2', taskUid: 'task-both-2', layerIds: [ids.product as string, ids.caption as string] }, 3);
    // Both directly behind the lowest layer, the one made last nearest to it.
    expect(childNames(post)).toEqual(['Sky', 'Backdrop · Product', 'Backdrop · Product, Caption', 'Product', 'Caption']);
    expect((post.children[2] as FrameNode).children).toHaveLength(2);
    expect(shownIds(container(post))).toHaveLength(1);
  });
});

describe('container geometry', () => {
  function expectBoxNear(actual: Rect | null, expected: Rect): void {
    expect(actual).not.toBeNull();
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs((actual as Rect)[key] - expected[key])).toBeLessThanOrEqual(0.5);
  }

  it('grows to hold a later job over a larger area, and no variation moves on the page', async () => {
    const { session, job, post } = await postAsync();
    const [small] = await placeAllAsync(session, { ...job('job-1', 1), area: { x: 50, y: 50, width: 200, height: 150 }, output: { width: 400, height: 300 }, foreground: { width: 400, height: 300 } }, 1);
    const smallNode = (await session.figma.getNodeByIdAsync(small as string)) as FrameNode;
    expectBoxNear(container(post).absoluteBoundingBox, { x: 50, y: 50, width: 200, height: 150 });
    await placeAllAsync(session, { ...job('job-2', 1), area: { x: -100, y: 0, width: 400, height: 300 } }, 2);
    expectBoxNear(container(post).absoluteBoundingBox, { x: -100, y: 0, width: 400, height: 300 });
    expectBoxNear(smallNode.absoluteBoundingBox, { x: 50, y: 50, width: 200, height: 150 });
  });

  it('inside a rotated frame: the container and every variation stay axis-aligned on the page over their areas', async () => {
    const ids: Record<string, string> = {};
    const session = await openSessionAsync({
      build: (figma) => {
        const tilted = frame(figma, figma.currentPage, 'Tilted', 300, 200, 400, 300);
        ids.product = rectangle(figma, tilted, 'Product', 100, 100, 120, 80).id;
        tilted.rotation = 30;
        ids.tilted = tilted.id;
      },
    });
    const product = (await session.figma.getNodeByIdAsync(ids.product as string)) as RectangleNode;
    const bounds = product.absoluteBoundingBox as Rect;
    const area = { x: Math.round(bounds.x), y: Math.round(bounds.y), width: Math.round(bounds.width), height: Math.round(bounds.height) };
    const base = jobFor({ pageId: session.figma.currentPage.id, layerIds: [product.id], lowestLayerId: product.id, frameId: ids.tilted as string, area, imageCount: 1 });
    const [one] = await placeAllAsync(session, base, 1);
    const wider = { x: area.x - 20, y: area.y, width: area.width + 40, height: area.height };
    const [two] = await placeAllAsync(session, { ...base, id: 'job-2', taskUid: 'task-2', area: wider }, 2);
    const tilted = (await session.figma.getNodeByIdAsync(ids.tilted as string)) as FrameNode;
    const box = tilted.children.find((child) => child.name === 'Backdrop · Product') as FrameNode;
    expect(childNames(tilted)).toEqual(['Backdrop · Product', 'Product']);
    expectBoxNear(box.absoluteBoundingBox, wider);
    for (const [id, expected] of [[one, area], [two, wider]] as const) {
      const node = (await session.figma.getNodeByIdAsync(id as string)) as FrameNode;
      expectBoxNear(node.absoluteBoundingBox, expected);
      expect(node.absoluteTransform[0][1]).toBeCloseTo(0, 6);
      expect(node.absoluteTransform[1][0]).toBeCloseTo(0, 6);
    }
  });
});

describe('the container selected whole', () => {
  it('is not a cut-out to generate for, and its "Regenerate" relaunch reuses the request of the variation it shows', async () => {
    const { session, job, post } = await postAsync();
    await placeAllAsync(session, job('job-1', 1), 1);
    await placeAllAsync(session, job('job-2', 1), 2);
    await session.channel.requestAsync('showVariation', { jobId: 'job-1', imageIndex: 0 });
    session.figma.currentPage.selection = [container(post)];
    const selection = await session.channel.requestAsync('getSelection', {});
    expect(selection.layers.map((layer) => [layer.usable, layer.reason])).toEqual([[false, 'a Backdrop background']]);
    const relaunched = Object.create(session.figma, { command: { value: 'regenerate' } }) as PluginAPI;
    const plugin = startPlugin(relaunched, { now: () => session.clock.now });
    await plugin.ready;
    const channel = createUiChannel((message) => session.standin.ui.postFromUi(message), { warn: () => undefined });
    session.standin.ui.onMainPost((message) => channel.receive(message));
    const init = await channel.requestAsync('init', {});
    expect(init.regenerate?.sourceJobId).toBe('job-1');
  });
});

describe('documents from earlier versions', () => {
  it('a loose Backdrop frame is recognised: a new job hides it, "Use this" on its job shows it again, and it counts as unused', async () => {
    const { session, ids, job, post } = await postAsync({ legacy: true });
    const loose = (await session.figma.getNodeByIdAsync(ids.loose as string)) as FrameNode;
    const placed = await placeAllAsync(session, job('job-1', 1), 1);
    expect(loose.visible).toBe(false);
    expect(shownIds(container(post))).toEqual(placed);
    // The old job is still in the list (its record names the task its frame carries).
    await session.channel.requestAsync('saveJob', { job: { ...job('job-old', 1), taskUid: 'task-old', state: 'placed', placedImages: [0], placedNodeIds: [loose.id] } });
    await session.channel.requestAsync('showVariation', { jobId: 'job-old', imageIndex: 0 });
    expect(loose.visible).toBe(true);
    expect(shownIds(container(post))).toEqual([]);
    await expect(session.channel.requestAsync('deleteUnusedVariations', { jobId: 'job-1' })).resolves.toMatchObject({ removed: 1, removedNodeIds: [expect.any(String)] });
    // The container left empty goes too: only the chosen loose frame remains.
    expect(childNames(post)).toEqual(['Sky', 'Backdrop 1/1 · sunset · seed 5', 'Product', 'Caption']);
  });
});

describe('hiddenLayers and the layer\'s own Backdrop', () => {
  it('leaves the layer\'s container out of what a new background would hide and names the variation shown as the one replaced', async () => {
    const { session, ids, job } = await postAsync();
    const area = { x: 0, y: 0, width: 400, height: 300 };
    await placeAllAsync(session, job('job-1', 1), 1);
    const [shown] = await placeAllAsync(session, job('job-2', 2), 5);
    const result = await session.channel.requestAsync('hiddenLayers', { layerIds: [ids.product as string], area, placement: 'behind' });
    expect(result).toEqual({ hidden: [{ id: ids.sky, name: 'Sky' }], previous: [{ id: shown, name: 'white marble, soft light · 1/2 · seed 5' }] });
    // Another layer's Backdrop is not its own: a background for Caption would hide it.
    const caption = await session.channel.requestAsync('hiddenLayers', { layerIds: [ids.caption as string], area, placement: 'behind' });
    expect(caption.hidden.map((node) => node.name)).toEqual(['Sky', 'Backdrop · Product', 'Product']);
    expect(caption.previous).toEqual([]);
  });

  it('a loose frame of an earlier version is the previous background too', async () => {
    const { session, ids } = await postAsync({ legacy: true });
    const result = await session.channel.requestAsync('hiddenLayers', { layerIds: [ids.product as string], area: { x: 0, y: 0, width: 400, height: 300 }, placement: 'behind' });
    expect(result).toEqual({ hidden: [{ id: ids.sky, name: 'Sky' }], previous: [{ id: ids.loose, name: 'Backdrop 1/1 · sunset · seed 5' }] });
  });
});
