// Placement: frames with the result image go into the layer's Backdrop container, directly behind
// the layer (or at the bottom of the frame), cover the mapped box in page coordinates, and carry
// names, plugin data and relaunch data.
import { describe, expect, it, vi } from 'vitest';
import { childNames, frame, jobFor, openSessionAsync, rectangle, solidPngAsync } from './plugin-session';
import { containerOfAsync, expectBoxNear, nodeAsync, placeAllAsync, postSessionAsync } from './place-fixtures';

describe('placeImage in a plain frame', () => {
  it('puts one container directly behind the layer, the first result visible in it and the second hidden right below it', async () => {
    const { session, ids, job } = await postSessionAsync();
    const [first, second] = await placeAllAsync(session, job);
    const post = await nodeAsync<FrameNode>(session, ids.post as string);
    expect(childNames(post)).toEqual(['Sky', 'Backdrop · Product', 'Product', 'Caption']);
    const container = await containerOfAsync(session, first?.nodeId);
    expect(childNames(container)).toEqual(['white marble, soft light · 2/2 · seed 1235', 'white marble, soft light · 1/2 · seed 1234']);
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
    expect(childNames(container)).toEqual(['3/3 · seed 3', '2/3 · seed 2', '1/3 · seed 1', '2/2 · seed 8', '1/2 · seed 7'].map((end) => 'white marble, soft light · ' + end));
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
