// Selection analysis: boxes, frame ancestors, usability, grouping into jobs, and hidden layers.
import { describe, expect, it } from 'vitest';
import { cardInstance, childNames, frame, openSessionAsync, rectangle } from './plugin-session';

describe('selection analysis', () => {
  it('reports nothing selected as a problem', async () => {
    const { channel } = await openSessionAsync();
    await expect(channel.requestAsync('getSelection', {})).resolves.toEqual({ layers: [], groups: [], problem: 'Nothing selected' });
  });

  it('describes a layer in a frame with its box, page, frame ancestor and the layers a background would hide', async () => {
    const ids: Record<string, string> = {};
    const { channel, figma } = await openSessionAsync({
      build: (figma) => {
        const post = frame(figma, figma.currentPage, 'Post', 1000, 500, 400, 300);
        const sky = rectangle(figma, post, 'Sky', 0, 0, 400, 300);
        const far = rectangle(figma, post, 'Corner', 390, 290, 10, 10);
        const product = rectangle(figma, post, 'Product', 100, 100, 120, 80);
        const caption = rectangle(figma, post, 'Caption', 20, 250, 200, 30);
        far.visible = false;
        Object.assign(ids, { post: post.id, sky: sky.id, product: product.id, caption: caption.id });
        figma.currentPage.selection = [product];
      },
    });
    const state = await channel.requestAsync('getSelection', {});
    expect(state.problem).toBeUndefined();
    expect(state.layers).toEqual([
      {
        id: ids.product,
        name: 'Product',
        type: 'RECTANGLE',
        pageId: figma.currentPage.id,
        box: { x: 1100, y: 600, width: 120, height: 80 },
        renderBox: { x: 1100, y: 600, width: 120, height: 80 },
        rotation: 0,
        frameAncestor: { id: ids.post, name: 'Post', type: 'FRAME', box: { x: 1000, y: 500, width: 400, height: 300 } },
        usable: true,
      },
    ]);
    expect(state.groups).toEqual([
      {
        key: ids.post,
        layerIds: [ids.product],
        frame: { id: ids.post, name: 'Post', box: { x: 1000, y: 500, width: 400, height: 300 } },
        lowestLayerId: ids.product,
        // The hidden corner is not named; the caption sits above the insertion point.
        hiddenBehind: { behind: [{ id: ids.sky, name: 'Sky' }], bottom: [] },
      },
    ]);
  });

  it('makes one job per frame, lowest layer first, and one per layer on the page', async () => {
    const ids: Record<string, string> = {};
    const { channel } = await openSessionAsync({
      build: (figma) => {
        const post = frame(figma, figma.currentPage, 'Post', 0, 0, 400, 300);
        const bottle = rectangle(figma, post, 'Bottle', 10, 10, 50, 50);
        const glass = rectangle(figma, post, 'Glass', 100, 10, 50, 50);
        const banner = frame(figma, figma.currentPage, 'Banner', 500, 0, 600, 200);
        const shoe = rectangle(figma, banner, 'Shoe', 10, 10, 80, 40);
        const loose = rectangle(figma, figma.currentPage, 'Loose', -300, 0, 100, 100);
        Object.assign(ids, { post: post.id, bottle: bottle.id, glass: glass.id, banner: banner.id, shoe: shoe.id, loose: loose.id });
        figma.currentPage.selection = [glass, shoe, bottle, loose];
      },
    });
    const state = await channel.requestAsync('getSelection', {});
    expect(state.groups.map((group) => [group.key, group.layerIds, group.lowestLayerId])).toEqual([
      [ids.post, [ids.bottle, ids.glass], ids.bottle],
      [ids.banner, [ids.shoe], ids.shoe],
      ['page:' + ids.loose, [ids.loose], ids.loose],
    ]);
    expect(state.groups[2]?.frame).toBeNull();
  });

  it('says why a slice, a tiny layer and a Backdrop background cannot be used', async () => {
    const { channel } = await openSessionAsync({
      build: (figma) => {
        const slice = figma.createSlice();
        slice.resize(100, 100);
        const dot = rectangle(figma, figma.currentPage, 'Dot', 0, 0, 3, 30);
        const backdrop = frame(figma, figma.currentPage, 'Backdrop 1/1', 0, 0, 100, 100);
        backdrop.setPluginData('backdrop', JSON.stringify({ v: 1, role: 'background', jobId: 'j' }));
        figma.currentPage.selection = [slice, dot, backdrop];
      },
    });
    const state = await channel.requestAsync('getSelection', {});
    expect(state.layers.map((layer) => [layer.usable, layer.reason])).toEqual([
      [false, 'slice'],
      [false, 'too small'],
      [false, 'a Backdrop background'],
    ]);
    expect(state.groups).toEqual([]);
    expect(state.problem).toBe('No usable layer selected (slice)');
  });

  it('counts a layer in a hidden frame as hidden: Figma cannot export what it does not render', async () => {
    const { channel } = await openSessionAsync({
      build: (figma) => {
        const post = frame(figma, figma.currentPage, 'Post', 0, 0, 400, 300);
        const product = rectangle(figma, post, 'Product', 10, 10, 100, 100);
        post.visible = false;
        figma.currentPage.selection = [product];
      },
    });
    const state = await channel.requestAsync('getSelection', {});
    expect(state.layers.map((layer) => [layer.usable, layer.reason])).toEqual([[false, 'hidden']]);
  });

  it('finds the frame through groups, uses a section or variant as the area, and skips the component set', async () => {
    const ids: Record<string, string> = {};
    const { channel } = await openSessionAsync({
      build: (figma) => {
        const post = frame(figma, figma.currentPage, 'Post', 0, 0, 400, 300);
        const a = rectangle(figma, post, 'A', 10, 10, 50, 50);
        const b = rectangle(figma, post, 'B', 80, 10, 50, 50);
        const group = figma.group([a, b], post);
        const section = figma.createSection();
        section.name = 'Section';
        section.x = 1000;
        section.resizeWithoutConstraints(500, 500);
        const inSection = rectangle(figma, section, 'In section', 20, 20, 40, 40);
        const variant = figma.createComponent();
        variant.name = 'State=On';
        variant.resize(200, 100);
        const knob = rectangle(figma, variant, 'Knob', 10, 10, 30, 30);
        figma.combineAsVariants([variant], figma.currentPage);
        Object.assign(ids, { post: post.id, a: a.id, group: group.id, section: section.id, inSection: inSection.id, variant: variant.id, knob: knob.id });
        figma.currentPage.selection = [a, inSection, knob];
      },
    });
    const state = await channel.requestAsync('getSelection', {});
    expect(state.layers.map((layer) => layer.frameAncestor && [layer.frameAncestor.id, layer.frameAncestor.type])).toEqual([
      [ids.post, 'FRAME'],
      [ids.section, 'SECTION'],
      [ids.variant, 'COMPONENT'],
    ]);
  });

  it('tells the UI about selection and page changes', async () => {
    const session = await openSessionAsync({
      build: (figma) => {
        rectangle(figma, figma.currentPage, 'Thing', 0, 0, 50, 50);
      },
    });
    const thing = session.figma.currentPage.children[0] as SceneNode;
    session.standin.selectAsUser([thing]);
    await session.standin.flushAsync();
    await session.standin.flushAsync();
    const changes = session.events.filter((event) => event.name === 'selectionChanged');
    expect(changes.length).toBeGreaterThan(0);
    expect(changes[changes.length - 1]?.payload).toMatchObject({ layers: [{ name: 'Thing' }] });
    expect(childNames(session.figma.currentPage)).toEqual(['Thing']);
  });
});

describe('hiddenLayers', () => {
  it('names visible overlapping layers below the lowest layer, walking out of groups, and none for bottom', async () => {
    const ids: Record<string, string> = {};
    const { channel } = await openSessionAsync({
      build: (figma) => {
        const post = frame(figma, figma.currentPage, 'Post', 0, 0, 400, 300);
        const sky = rectangle(figma, post, 'Sky', 0, 0, 400, 300);
        const outside = rectangle(figma, post, 'Outside area', 300, 250, 50, 40);
        const shadow = rectangle(figma, post, 'Shadow', 90, 90, 60, 60);
        const product = rectangle(figma, post, 'Product', 100, 100, 50, 50);
        figma.group([shadow, product], post);
        Object.assign(ids, { sky: sky.id, outside: outside.id, shadow: shadow.id, product: product.id });
      },
    });
    const area = { x: 50, y: 50, width: 200, height: 150 };
    await expect(channel.requestAsync('hiddenLayers', { layerIds: [ids.product as string], area, placement: 'behind' })).resolves.toEqual({
      hidden: [
        { id: ids.shadow, name: 'Shadow' },
        { id: ids.sky, name: 'Sky' },
      ],
      previous: [],
    });
    await expect(channel.requestAsync('hiddenLayers', { layerIds: [ids.product as string], area, placement: 'bottom' })).resolves.toEqual({ hidden: [], previous: [] });
  });
});

describe('hiddenLayers with an instance as the area', () => {
  it('names only the siblings behind the instance, not layers of frames further out', async () => {
    const ids: Record<string, string> = {};
    const { channel } = await openSessionAsync({
      build: (figma) => {
        const board = frame(figma, figma.currentPage, 'Board', 0, 0, 800, 800);
        ids.boardBg = rectangle(figma, board, 'Board background', 0, 0, 800, 800).id;
        const post = frame(figma, board, 'Post', 0, 0, 400, 300);
        ids.sky = rectangle(figma, post, 'Sky', 0, 0, 400, 300).id;
        const instance = cardInstance(figma, post, 0, 0);
        ids.photo = (instance.children[0] as SceneNode).id;
      },
    });
    const result = await channel.requestAsync('hiddenLayers', { layerIds: [ids.photo as string], area: { x: 0, y: 0, width: 200, height: 100 }, placement: 'behind' });
    expect(result.hidden).toEqual([{ id: ids.sky, name: 'Sky' }]);
  });
});
