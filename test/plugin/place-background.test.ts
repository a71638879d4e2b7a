// Placement: frames with the result image go into the layer's Backdrop container, directly behind
// the layer (or at the bottom of the frame), cover the mapped box in page coordinates, and carry
// names, plugin data and relaunch data.
import { describe, expect, it, vi } from 'vitest';
import type { JobRecord } from '../../src/protocol/shapes';
import { cardInstance, childNames, frame, jobFor, openSessionAsync, rectangle, solidPngAsync } from './plugin-session';
import type { TestSession } from './plugin-session';

async function placeAllAsync(session: TestSession, job: JobRecord, seeds: number[] = [1234, 1235]) {
  await session.channel.requestAsync('saveJob', { job });
  const results = [];
  for (let i = 0; i < job.imageCount; i += 1) {
    const png = await solidPngAsync(job.output.width, job.output.height);
    results.push(await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: i, png, seed: seeds[i] }));
  }
  return results;
}

async function nodeAsync<T extends BaseNode>(session: TestSession, id: string): Promise<T> {
  return (await session.figma.getNodeByIdAsync(id)) as T;
}

/** The container holding a placed variation. */
async function containerOfAsync(session: TestSession, nodeId: string | undefined): Promise<FrameNode> {
  const placed = await nodeAsync<FrameNode>(session, nodeId as string);
  const container = placed.parent as FrameNode;
  expect(container.type).toBe('FRAME');
  expect(container.getSharedPluginData('backdrop', 'backdrop-container')).not.toBe('');
  return container;
}

function expectBoxNear(actual: Rect | null, expected: Rect): void {
  expect(actual).not.toBeNull();
  const box = actual as Rect;
  for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(box[key] - expected[key])).toBeLessThanOrEqual(0.5);
}

/** Post (a frame at 1000,500) holding Sky, Product and Caption. */
async function postSessionAsync(extra?: (figma: PluginAPI, post: FrameNode) => void) {
  const ids: Record<string, string> = {};
  const session = await openSessionAsync({
    build: (figma) => {
      const post = frame(figma, figma.currentPage, 'Post', 1000, 500, 400, 300);
      ids.sky = rectangle(figma, post, 'Sky', 0, 0, 400, 300).id;
      ids.product = rectangle(figma, post, 'Product', 100, 100, 120, 80).id;
      ids.caption = rectangle(figma, post, 'Caption', 20, 250, 200, 30).id;
      ids.post = post.id;
      if (extra) extra(figma, post);
    },
  });
  const job = jobFor({
    pageId: session.figma.currentPage.id,
    layerIds: [ids.product as string],
    lowestLayerId: ids.product as string,
    frameId: ids.post as string,
    area: { x: 1000, y: 500, width: 400, height: 300 },
  });
  return { session, ids, job };
}

describe('placeImage in a plain frame', () => {
  it('puts one container directly behind the layer, the first result visible in it and the second hidden right below it', async () => {
    const { session, ids, job } = await postSessionAsync();
    const [first, second] = await placeAllAsync(session, job);
    const post = await nodeAsync<FrameNode>(session, ids.post as string);
    expect(childNames(post)).toEqual(['Sky', 'Backdrop · Product', 'Product', 'Caption']);
    const container = await containerOfAsync(session, first?.nodeId);
    expect(childNames(container)).toEqual(['white marble, soft light · seed 1235', 'white marble, soft light · seed 1234']);
    // A frame without fills or clipping, the size of its variations: it paints nothing itself.
    expect(container.fills).toEqual([]);
    expect(container.clipsContent).toBe(false);
    expectBoxNear(container.absoluteBoundingBox, job.area);
    const one = await nodeAsync<FrameNode>(session, first?.nodeId as string);
    const two = await nodeAsync<FrameNode>(session, second?.nodeId as string);
    expect([one.visible, two.visible]).toEqual([true, false]);
    expectBoxNear(one.absoluteBoundingBox, job.area);
    expectBoxNear(two.absoluteBoundingBox, job.area);
    expect(one.fills).toMatchObject([{ type: 'IMAGE', scaleMode: 'FILL' }]);
    expect(one.locked).toBe(false);
    expect(second?.job).toMatchObject({ state: 'placed', placedImages: [0, 1], placedNodeIds: [one.id, two.id], visibleIndex: 0 });
    expect(session.standin.notifications).toContain('Backdrop: 2 backgrounds placed.');
  });

  it('writes plugin data with the task, image, seed, area and params, and relaunch data on frames and the source layer', async () => {
    const { session, ids, job } = await postSessionAsync();
    const [first] = await placeAllAsync(session, job);
    const one = await nodeAsync<FrameNode>(session, first?.nodeId as string);
    const data = JSON.parse(one.getSharedPluginData('backdrop', 'backdrop'));
    expect(data).toMatchObject({
      role: 'background',
      taskUid: 'task-1',
      jobId: 'job-1',
      imageIndex: 0,
      seed: 1234,
      area: job.area,
      params: job.params,
      sourceLayerIds: [ids.product],
      createdAt: job.createdAt,
    });
    expect(one.getRelaunchData()).toEqual({ regenerate: 'New backgrounds with the same settings' });
    const product = await nodeAsync<RectangleNode>(session, ids.product as string);
    expect(product.getRelaunchData()).toEqual({ regenerate: 'New backgrounds with the same settings' });
    expect(JSON.parse(product.getSharedPluginData('backdrop', 'backdrop'))).toMatchObject({ role: 'source', jobId: 'job-1' });
  });

  it('marks the source layer once per job; a second job on the same layer joins its container on top and is the one shown', async () => {
    const { session, ids, job } = await postSessionAsync();
    const product = await nodeAsync<SceneNode>(session, ids.product as string);
    const writes = vi.spyOn(product, 'setSharedPluginData');
    const first = await placeAllAsync(session, { ...job, imageCount: 3 }, [1, 2, 3]);
    // The same mark for every image of the job: written with the first, not rewritten after.
    expect(writes.mock.calls.filter(([namespace, key]) => namespace === 'backdrop' && key === 'backdrop')).toHaveLength(1);
    const other = { ...job, id: 'job-2', taskUid: 'task-2', imageCount: 2 };
    const second = await placeAllAsync(session, other, [7, 8]);
    expect(writes.mock.calls.filter(([namespace, key]) => namespace === 'backdrop' && key === 'backdrop')).toHaveLength(2);
    expect(JSON.parse(product.getSharedPluginData('backdrop', 'backdrop'))).toMatchObject({ role: 'source', jobId: 'job-2' });
    const visible = async (id: string | undefined) => (await nodeAsync<FrameNode>(session, id as string)).visible;
    // One variation shown for the layer: the new job's first; the second job's images went in once each.
    expect(await Promise.all(first.map((result) => visible(result?.nodeId)))).toEqual([false, false, false]);
    expect(await Promise.all(second.map((result) => visible(result?.nodeId)))).toEqual([true, false]);
    const container = await containerOfAsync(session, first[0]?.nodeId);
    // Bottom first: the older job under the newer; in each job the first result on top.
    expect(childNames(container)).toEqual([3, 2, 1, 8, 7].map((seed) => 'white marble, soft light · seed ' + seed));
    expect(childNames(await nodeAsync<FrameNode>(session, ids.post as string))).toEqual(['Sky', 'Backdrop · Product', 'Product', 'Caption']);
    expect(second.map((result) => result?.alreadyPlaced)).toEqual([false, false]);
    expect(new Set([...first, ...second].map((result) => result?.nodeId)).size).toBe(5);
  });

  it('keeps plugin data under 100 kB by cutting a huge prompt', async () => {
    const { session, job } = await postSessionAsync();
    const prompt = 'marble '.repeat(30000);
    const [first] = await placeAllAsync(session, Object.assign({}, job, { imageCount: 1, params: { Prompt: prompt } }));
    const one = await nodeAsync<FrameNode>(session, first?.nodeId as string);
    const text = one.getSharedPluginData('backdrop', 'backdrop');
    expect(text.length).toBeLessThan(100_000);
    expect(JSON.parse(text).params.Prompt.length).toBeLessThanOrEqual(2001);
  });

  it('counts UTF-8 bytes: a long Chinese prompt (3 bytes a character) is cut to fit too', async () => {
    const { session, job } = await postSessionAsync();
    // 35 000 characters, 105 000 bytes: under 100 000 UTF-16 units, over Figma's 100 kB.
    const prompt = '大理石，柔光。'.repeat(5000);
    const [first] = await placeAllAsync(session, Object.assign({}, job, { imageCount: 1, params: { Prompt: prompt } }));
    const one = await nodeAsync<FrameNode>(session, first?.nodeId as string);
    const cut = JSON.parse(one.getSharedPluginData('backdrop', 'backdrop')).params.Prompt as string;
    expect(cut.length).toBeLessThanOrEqual(2001);
    expect(prompt.startsWith(cut.slice(0, -1))).toBe(true);
  });

  it('stores frame metadata as shared plugin data, so the frames stay Backdrop frames after the plugin ID changes', async () => {
    const { session, job } = await postSessionAsync();
    const [first] = await placeAllAsync(session, Object.assign({}, job, { imageCount: 1 }));
    // Published: Figma assigns the real ID; private plugin data written under the old one is gone.
    session.standin.setPluginId('1509876543210987654');
    const png = await solidPngAsync(job.output.width, job.output.height);
    const again = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png, seed: 1234 });
    expect(again).toMatchObject({ nodeId: first?.nodeId, alreadyPlaced: true });
    await expect(session.channel.requestAsync('frameThumbnail', { nodeId: first?.nodeId as string })).resolves.toMatchObject({ nodeId: first?.nodeId });
  });

  it('still reads frames that carry the metadata as private plugin data (documents from earlier versions)', async () => {
    const { session, job } = await postSessionAsync();
    const [first] = await placeAllAsync(session, Object.assign({}, job, { imageCount: 1 }));
    const one = await nodeAsync<FrameNode>(session, first?.nodeId as string);
    const text = one.getSharedPluginData('backdrop', 'backdrop');
    one.setSharedPluginData('backdrop', 'backdrop', '');
    one.setPluginData('backdrop', text);
    const png = await solidPngAsync(job.output.width, job.output.height);
    const again = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png, seed: 1234 });
    expect(again).toMatchObject({ nodeId: one.id, alreadyPlaced: true });
    await expect(session.channel.requestAsync('frameThumbnail', { nodeId: one.id })).resolves.toMatchObject({ nodeId: one.id });
  });

  it("puts the background at the bottom of the area's frame when asked", async () => {
    const { session, ids, job } = await postSessionAsync();
    await placeAllAsync(session, Object.assign({}, job, { imageCount: 1, placement: 'bottom' as const }));
    const post = await nodeAsync<FrameNode>(session, ids.post as string);
    expect(childNames(post)).toEqual(['Backdrop · Product', 'Sky', 'Product', 'Caption']);
  });

  it('still places into a locked frame, and the new container and frame are unlocked', async () => {
    const { session, ids, job } = await postSessionAsync((_figma, post) => {
      post.locked = true;
    });
    const [first] = await placeAllAsync(session, Object.assign({}, job, { imageCount: 1 }));
    const one = await nodeAsync<FrameNode>(session, first?.nodeId as string);
    const container = await containerOfAsync(session, one.id);
    expect(container.parent?.id).toBe(ids.post);
    expect([container.locked, one.locked]).toEqual([false, false]);
  });

  it('refuses an image above 4096 px with a clear error and places nothing', async () => {
    const { session, ids, job } = await postSessionAsync();
    await session.channel.requestAsync('saveJob', { job });
    const png = await solidPngAsync(5000, 10);
    await expect(session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png })).rejects.toMatchObject({
      message: 'The background is larger than Figma accepts (4096 px per side).',
      detail: 'createImage: Error: Image is too large',
    });
    expect(childNames(await nodeAsync<FrameNode>(session, ids.post as string))).toEqual(['Sky', 'Product', 'Caption']);
  });

  it('stretches the image with CROP when the mapped box has another aspect (JustResize)', async () => {
    const { session, job } = await postSessionAsync();
    const square = Object.assign({}, job, { imageCount: 1, resizeMode: 'JustResize' as const, output: { width: 512, height: 512 } });
    const [first] = await placeAllAsync(session, square);
    const one = await nodeAsync<FrameNode>(session, first?.nodeId as string);
    expectBoxNear(one.absoluteBoundingBox, job.area);
    expect(one.fills).toMatchObject([{ type: 'IMAGE', scaleMode: 'CROP' }]);
  });

  it('places a CropAndResize result of another aspect on the mapped box', async () => {
    const { session, job } = await postSessionAsync();
    const square = Object.assign({}, job, { imageCount: 1, resizeMode: 'CropAndResize' as const, foreground: { width: 800, height: 600 }, output: { width: 600, height: 600 } });
    const [first] = await placeAllAsync(session, square);
    const one = await nodeAsync<FrameNode>(session, first?.nodeId as string);
    // Scale max(600/800, 600/600) = 1: the foreground spans 800 x 600 px, 100 px cropped each side.
    expectBoxNear(one.absoluteBoundingBox, { x: 1050, y: 500, width: 300, height: 300 });
  });
});

describe('placeImage in special parents', () => {
  it('inside a group: behind the layer in the group, positioned in the frame coordinates', async () => {
    let groupId = '';
    const { session, job } = await postSessionAsync((figma, post) => {
      const shadow = rectangle(figma, post, 'Shadow', 90, 90, 60, 60);
      post.insertChild(1, shadow);
      const product = post.findOne((node) => node.name === 'Product') as SceneNode;
      groupId = figma.group([shadow, product], post).id;
    });
    await placeAllAsync(session, Object.assign({}, job, { imageCount: 1 }));
    const group = await nodeAsync<GroupNode>(session, groupId);
    expect(childNames(group)).toEqual(['Shadow', 'Backdrop · Product', 'Product']);
    expectBoxNear((group.children[1] as FrameNode).absoluteBoundingBox, job.area);
    expectBoxNear(((group.children[1] as FrameNode).children[0] as FrameNode).absoluteBoundingBox, job.area);
  });

  it('in auto-layout: absolute, siblings stay put; with first-on-top stacking it goes at index + 1', async () => {
    for (const reverse of [false, true]) {
      const ids: Record<string, string> = {};
      const session = await openSessionAsync({
        build: (figma) => {
          const row = frame(figma, figma.currentPage, 'Row', 0, 0, 600, 200);
          row.layoutMode = 'HORIZONTAL';
          row.itemReverseZIndex = reverse;
          ids.a = rectangle(figma, row, 'A', 0, 0, 100, 100).id;
          ids.b = rectangle(figma, row, 'B', 0, 0, 100, 100).id;
          ids.c = rectangle(figma, row, 'C', 0, 0, 100, 100).id;
          ids.row = row.id;
        },
      });
      const row = await nodeAsync<FrameNode>(session, ids.row as string);
      const before = row.children.map((child) => child.x);
      const job = jobFor({ pageId: session.figma.currentPage.id, layerIds: [ids.b as string], lowestLayerId: ids.b as string, frameId: row.id, area: { x: 0, y: 0, width: 600, height: 200 } });
      const [first] = await placeAllAsync(session, Object.assign({}, job, { imageCount: 1 }));
      const placed = await nodeAsync<FrameNode>(session, first?.nodeId as string);
      const container = await containerOfAsync(session, placed.id);
      expect(childNames(row)).toEqual(reverse ? ['A', 'B', 'Backdrop · B', 'C'] : ['A', 'Backdrop · B', 'B', 'C']);
      expect(container.layoutPositioning).toBe('ABSOLUTE');
      expect(row.children.filter((child) => child.id !== container.id).map((child) => child.x)).toEqual(before);
      expectBoxNear(placed.absoluteBoundingBox, job.area);
      // A second job goes into the same container: the row keeps its four children, none moves.
      await placeAllAsync(session, Object.assign({}, job, { id: 'job-2', taskUid: 'task-2', imageCount: 1 }), [99]);
      expect(row.children).toHaveLength(4);
      expect(container.children).toHaveLength(2);
      expect(row.children.filter((child) => child.id !== container.id).map((child) => child.x)).toEqual(before);
    }
  });

  it('for a layer in a group that flows in an auto-layout frame: behind the group, absolute, and no layer moves', async () => {
    const ids: Record<string, string> = {};
    const session = await openSessionAsync({
      build: (figma) => {
        const row = frame(figma, figma.currentPage, 'Row', 0, 0, 800, 300);
        row.layoutMode = 'HORIZONTAL';
        row.itemSpacing = 10;
        ids.a = rectangle(figma, row, 'A', 0, 0, 100, 100).id;
        const shadow = rectangle(figma, row, 'Shadow', 0, 0, 120, 20);
        const product = rectangle(figma, row, 'Product', 0, 0, 120, 80);
        ids.product = product.id;
        ids.group = figma.group([shadow, product], row).id;
        ids.c = rectangle(figma, row, 'C', 0, 0, 100, 100).id;
        ids.row = row.id;
      },
    });
    const page = session.figma.currentPage;
    const boxes = () => new Map(page.findAll().map((node) => [node.id, JSON.stringify(node.absoluteBoundingBox)] as const));
    const before = boxes();
    // The area is the whole row, far larger than the group: inside the group it would grow it.
    const job = jobFor({ pageId: page.id, layerIds: [ids.product as string], lowestLayerId: ids.product as string, frameId: ids.row as string, area: { x: 0, y: 0, width: 800, height: 300 } });
    const [first] = await placeAllAsync(session, Object.assign({}, job, { imageCount: 1 }));
    const placed = await nodeAsync<FrameNode>(session, first?.nodeId as string);
    const row = await nodeAsync<FrameNode>(session, ids.row as string);
    expect(childNames(row)).toEqual(['A', 'Backdrop · Product', 'Group', 'C']);
    expect((await containerOfAsync(session, placed.id)).layoutPositioning).toBe('ABSOLUTE');
    expectBoxNear(placed.absoluteBoundingBox, job.area);
    const after = boxes();
    for (const [id, box] of before) expect({ id, box: after.get(id) }).toEqual({ id, box });
  });

  it('in a GRID auto-layout, itemReverseZIndex does not apply: behind is the layer index itself', async () => {
    const ids: Record<string, string> = {};
    const session = await openSessionAsync({
      build: (figma) => {
        const grid = frame(figma, figma.currentPage, 'Grid', 0, 0, 600, 200);
        ids.a = rectangle(figma, grid, 'A', 0, 0, 100, 100).id;
        ids.b = rectangle(figma, grid, 'B', 150, 0, 100, 100).id;
        grid.layoutMode = 'GRID';
        grid.itemReverseZIndex = true;
        ids.grid = grid.id;
      },
    });
    const grid = await nodeAsync<FrameNode>(session, ids.grid as string);
    const job = jobFor({ pageId: session.figma.currentPage.id, layerIds: [ids.b as string], lowestLayerId: ids.b as string, frameId: grid.id, area: { x: 0, y: 0, width: 600, height: 200 } });
    const [first] = await placeAllAsync(session, Object.assign({}, job, { imageCount: 1 }));
    const placed = await nodeAsync<FrameNode>(session, first?.nodeId as string);
    expect(childNames(grid)).toEqual(['A', 'Backdrop · B', 'B']);
    expect((await containerOfAsync(session, placed.id)).layoutPositioning).toBe('ABSOLUTE');
    expectBoxNear(placed.absoluteBoundingBox, job.area);
  });

  it('for a layer inside an instance: behind the instance in its parent', async () => {
    const ids: Record<string, string> = {};
    const session = await openSessionAsync({
      build: (figma) => {
        const post = frame(figma, figma.currentPage, 'Post', 0, 0, 400, 300);
        rectangle(figma, post, 'Sky', 0, 0, 400, 300);
        const instance = cardInstance(figma, post, 50, 50);
        ids.photo = (instance.children[0] as SceneNode).id;
        ids.post = post.id;
      },
    });
    const job = jobFor({ pageId: session.figma.currentPage.id, layerIds: [ids.photo as string], lowestLayerId: ids.photo as string, frameId: ids.post as string, area: { x: 0, y: 0, width: 400, height: 300 } });
    await placeAllAsync(session, Object.assign({}, job, { imageCount: 1 }));
    expect(childNames(await nodeAsync<FrameNode>(session, ids.post as string))).toEqual(['Sky', 'Backdrop · Photo', 'Card']);
  });

  it('for a layer in a main component: inside it shows in every instance, so selection says so and "outside" puts it behind the component', async () => {
    const ids: Record<string, string> = {};
    const session = await openSessionAsync({
      build: (figma) => {
        const card = figma.createComponent();
        card.name = 'Card';
        card.resize(200, 100);
        ids.photo = rectangle(figma, card, 'Photo', 10, 10, 80, 80).id;
        ids.card = card.id;
        ids.instance = card.createInstance().id;
        figma.currentPage.selection = [card.findOne((node) => node.name === 'Photo') as SceneNode];
      },
    });
    const selection = await session.channel.requestAsync('getSelection', {});
    expect(selection.groups[0]?.mainComponent).toEqual({ id: ids.card, name: 'Card', variant: false });
    const page = session.figma.currentPage;
    const instance = await nodeAsync<InstanceNode>(session, ids.instance as string);
    const job = jobFor({ pageId: page.id, layerIds: [ids.photo as string], lowestLayerId: ids.photo as string, frameId: ids.card as string, area: { x: 0, y: 0, width: 200, height: 100 } });
    // Directly behind the layer, inside the component: the instance shows the background too.
    await placeAllAsync(session, Object.assign({}, job, { imageCount: 1 }));
    expect(instance.children.map((node) => node.type)).toEqual(['FRAME', 'RECTANGLE']);
    // Outside: the layer's Backdrop moves behind the component on the page, both variations in it;
    // the instance keeps only its own layers.
    const outside = Object.assign({}, job, { id: 'job-2', taskUid: 'task-2', imageCount: 1, placement: 'outside' as const });
    const [placed] = await placeAllAsync(session, outside);
    expect(childNames(page).slice(0, 2)).toEqual(['Backdrop · Photo', 'Card']);
    expect((await containerOfAsync(session, placed?.nodeId)).children).toHaveLength(2);
    expect(instance.children.map((node) => node.type)).toEqual(['RECTANGLE']);
    expectBoxNear((await nodeAsync<FrameNode>(session, placed?.nodeId as string)).absoluteBoundingBox, job.area);
  });

  it('for a layer in a variant: the selection names the component set, and "outside" goes behind the set', async () => {
    const ids: Record<string, string> = {};
    const session = await openSessionAsync({
      build: (figma) => {
        const on = figma.createComponent();
        on.name = 'State=On';
        on.resize(200, 100);
        ids.knob = rectangle(figma, on, 'Knob', 10, 10, 80, 80).id;
        const set = figma.combineAsVariants([on], figma.currentPage);
        set.name = 'Toggle';
        ids.set = set.id;
        ids.on = on.id;
        figma.currentPage.selection = [on.children[0] as SceneNode];
      },
    });
    const selection = await session.channel.requestAsync('getSelection', {});
    expect(selection.groups[0]?.mainComponent).toEqual({ id: ids.set, name: 'Toggle', variant: true });
    const page = session.figma.currentPage;
    const job = jobFor({ pageId: page.id, layerIds: [ids.knob as string], lowestLayerId: ids.knob as string, frameId: ids.on as string, area: { x: 0, y: 0, width: 200, height: 100 }, placement: 'outside' });
    await placeAllAsync(session, Object.assign({}, job, { imageCount: 1 }));
    expect(childNames(page)).toEqual(['Backdrop · Knob', 'Toggle']);
    expect(childNames(await nodeAsync<ComponentNode>(session, ids.on as string))).toEqual(['Knob']);
  });

  it('for a variant of a component set: behind the set in its parent', async () => {
    const ids: Record<string, string> = {};
    const session = await openSessionAsync({
      build: (figma) => {
        const on = figma.createComponent();
        on.name = 'State=On';
        on.resize(200, 100);
        const set = figma.combineAsVariants([on], figma.currentPage);
        set.name = 'Toggle';
        ids.on = on.id;
      },
    });
    const page = session.figma.currentPage;
    const job = jobFor({ pageId: page.id, layerIds: [ids.on as string], lowestLayerId: ids.on as string, frameId: null, area: { x: 0, y: 0, width: 200, height: 100 } });
    await placeAllAsync(session, Object.assign({}, job, { imageCount: 1 }));
    expect(childNames(page)).toEqual(['Backdrop · State=On', 'Toggle']);
  });

  it('inside a rotated frame: the background still covers the axis-aligned area on the page', async () => {
    const ids: Record<string, string> = {};
    const session = await openSessionAsync({
      build: (figma) => {
        const tilted = frame(figma, figma.currentPage, 'Tilted', 300, 200, 400, 300);
        ids.product = rectangle(figma, tilted, 'Product', 100, 100, 120, 80).id;
        tilted.rotation = 25;
        ids.tilted = tilted.id;
      },
    });
    const product = await nodeAsync<RectangleNode>(session, ids.product as string);
    const area = product.absoluteBoundingBox as Rect;
    const job = jobFor({
      pageId: session.figma.currentPage.id,
      layerIds: [product.id],
      lowestLayerId: product.id,
      frameId: ids.tilted as string,
      area: { x: area.x, y: area.y, width: area.width, height: area.height },
      areaSpec: { kind: 'layer', padding: 0 },
      output: { width: Math.round(area.width * 2), height: Math.round(area.height * 2) },
      foreground: { width: Math.round(area.width * 2), height: Math.round(area.height * 2) },
    });
    const [first] = await placeAllAsync(session, Object.assign({}, job, { imageCount: 1 }));
    const placed = await nodeAsync<FrameNode>(session, first?.nodeId as string);
    const container = await containerOfAsync(session, placed.id);
    expect(container.parent?.id).toBe(ids.tilted);
    for (const node of [container, placed]) {
      expectBoxNear(node.absoluteBoundingBox, area);
      expect(node.absoluteTransform[0][1]).toBeCloseTo(0, 6);
      expect(node.absoluteTransform[1][0]).toBeCloseTo(0, 6);
    }
  });
});

describe('placeImage when the layer changed while the job ran', () => {
  it('a deleted layer: placed at the bottom of its frame over the area, with a note', async () => {
    const { session, ids, job } = await postSessionAsync();
    await session.channel.requestAsync('saveJob', { job: Object.assign({}, job, { imageCount: 1 }) });
    (await nodeAsync<RectangleNode>(session, ids.product as string)).remove();
    const result = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png: await solidPngAsync(800, 600), seed: 7 });
    expect(result.notes).toEqual(['The layer was deleted: the background was placed at its last spot.']);
    const post = await nodeAsync<FrameNode>(session, ids.post as string);
    expect(childNames(post)).toEqual(['Backdrop', 'Sky', 'Caption']);
    expectBoxNear((post.children[0] as FrameNode).absoluteBoundingBox, job.area);
    expect(childNames(post.children[0] as FrameNode)).toEqual(['white marble, soft light · seed 7']);
  });

  it('a layer moved to another page: placed on the job page at its last spot, with a note', async () => {
    const ids: Record<string, string> = {};
    const session = await openSessionAsync({
      pageNames: ['Design', 'Archive'],
      build: (figma) => {
        ids.loose = rectangle(figma, figma.currentPage, 'Loose', 40, 60, 100, 100).id;
      },
    });
    const design = session.figma.currentPage;
    const job = jobFor({ pageId: design.id, layerIds: [ids.loose as string], lowestLayerId: ids.loose as string, frameId: null, area: { x: 40, y: 60, width: 100, height: 100 }, imageCount: 1 });
    await session.channel.requestAsync('saveJob', { job });
    const archive = session.figma.root.children[1] as PageNode;
    await archive.loadAsync();
    archive.appendChild(await nodeAsync<RectangleNode>(session, ids.loose as string));
    const result = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png: await solidPngAsync(200, 200) });
    expect(result.notes).toEqual(['The layer moved to another page: the background was placed at its last spot.']);
    const placed = await nodeAsync<FrameNode>(session, result.nodeId);
    expect((await containerOfAsync(session, placed.id)).parent?.id).toBe(design.id);
    expectBoxNear(placed.absoluteBoundingBox, job.area);
    expect(archive.children.map((child) => child.name)).toEqual(['Loose']);
  });

  it('a job on a page that is not current: loads that page and places there', async () => {
    const ids: Record<string, string> = {};
    const session = await openSessionAsync({ pageNames: ['Design', 'Other'] });
    const other = session.figma.root.children[1] as PageNode;
    await other.loadAsync();
    const post = frame(session.figma, other, 'Post', 0, 0, 300, 300);
    ids.product = rectangle(session.figma, post, 'Product', 10, 10, 50, 50).id;
    const job = jobFor({ pageId: other.id, layerIds: [ids.product], lowestLayerId: ids.product, frameId: post.id, area: { x: 0, y: 0, width: 300, height: 300 }, imageCount: 1 });
    await session.channel.requestAsync('saveJob', { job });
    const result = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png: await solidPngAsync(600, 600) });
    expect(result.notes).toEqual([]);
    expect(childNames(post)).toEqual(['Backdrop · Product', 'Product']);
  });
});

describe('variations and undo', () => {
  it('showVariation shows the chosen result and hides the others', async () => {
    const { session, job } = await postSessionAsync();
    const [first, second] = await placeAllAsync(session, job);
    const { job: updated } = await session.channel.requestAsync('showVariation', { jobId: job.id, imageIndex: 1 });
    expect(updated.visibleIndex).toBe(1);
    expect((await nodeAsync<FrameNode>(session, first?.nodeId as string)).visible).toBe(false);
    expect((await nodeAsync<FrameNode>(session, second?.nodeId as string)).visible).toBe(true);
  });

  it("one undo removes one job's frames and keeps the designer's earlier edit", async () => {
    const { session, ids, job } = await postSessionAsync();
    const post = await nodeAsync<FrameNode>(session, ids.post as string);
    // The document as it was when the designer started: its own committed step.
    session.figma.commitUndo();
    rectangle(session.figma, post, 'Mine', 0, 0, 10, 10);
    await placeAllAsync(session, job);
    expect(childNames(post)).toEqual(['Sky', 'Backdrop · Product', 'Product', 'Caption', 'Mine']);
    session.standin.undo.undoLast();
    expect(childNames(post)).toEqual(['Sky', 'Product', 'Caption', 'Mine']);
    session.standin.undo.undoLast();
    expect(childNames(post)).toEqual(['Sky', 'Product', 'Caption']);
  });
});
