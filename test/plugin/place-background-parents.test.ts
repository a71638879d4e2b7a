// Placement in special parents: groups, auto-layout, instances, component sets, rotated and
// locked parents keep the Backdrop container directly behind the layer.
import { describe, expect, it } from 'vitest';
import { cardInstance, childNames, frame, jobFor, openSessionAsync, rectangle } from './plugin-session';
import { containerOfAsync, expectBoxNear, nodeAsync, placeAllAsync, postSessionAsync } from './place-fixtures';

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
