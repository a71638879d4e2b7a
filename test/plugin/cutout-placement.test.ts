// The cut-out stage through the real handlers on the stand-in: each cut-out lands exactly over
// its opaque original (same parent, transform and size), the original is hidden right below it,
// one undo step restores the original, replays place nothing twice, and the job moves on to its
// generate stage over the cut-outs.
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/protocol/shapes';
import { JOBS_STORAGE_KEY } from '../../src/plugin/job-store';
import { childNames, frame, jobFor, openSessionAsync, rectangle, solidPngAsync } from './plugin-session';

async function photoPostAsync(options: { locked?: boolean; two?: boolean; rotation?: number } = {}) {
  const ids: Record<string, string> = {};
  const session = await openSessionAsync({
    build: (figma) => {
      const post = frame(figma, figma.currentPage, 'Post', 100, 50, 600, 400);
      ids.post = post.id;
      const group = figma.group([rectangle(figma, post, 'Bottle', 120, 80, 100, 200)], post);
      group.name = 'Products';
      const bottle = group.children[0] as RectangleNode;
      // An unrotated photo's transform is copied; a rotated one is covered by its export's bounds.
      bottle.rotation = options.rotation ?? 0;
      bottle.locked = options.locked === true;
      ids.bottle = bottle.id;
      ids.group = group.id;
      if (options.two) ids.can = rectangle(figma, post, 'Can', 400, 100, 80, 120).id;
    },
  });
  const originals = options.two ? [ids.bottle as string, ids.can as string] : [ids.bottle as string];
  const job: JobRecord = jobFor({
    id: 'job-cut',
    taskUid: 'task-cut',
    stage: 'cutout',
    pageId: session.figma.currentPage.id,
    layerIds: originals,
    lowestLayerId: ids.bottle as string,
    frameId: ids.post as string,
    area: { x: 100, y: 50, width: 600, height: 400 },
    imageCount: originals.length,
    params: { Prompt: 'marble', BatchSize: 2 },
    cutout: { originalIds: originals, placedIds: [], thenGenerate: true, generateCount: 2 },
  });
  await session.channel.requestAsync('saveJob', { job });
  session.figma.commitUndo();
  const node = async (id: string) => (await session.figma.getNodeByIdAsync(id)) as SceneNode & LayoutMixin;
  return { session, job, ids, node };
}

describe('cut-out placement', () => {
  it('puts the cut-out exactly over the hidden original and moves the job on to generating over it', async () => {
    const { session, job, ids, node } = await photoPostAsync({ locked: true });
    session.figma.currentPage.selection = [await node(ids.bottle as string)];
    const png = await solidPngAsync(100, 200, [200, 30, 30, 255]);
    const result = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png });
    const original = await node(ids.bottle as string);
    const cut = await node(result.nodeId);
    const group = (await session.figma.getNodeByIdAsync(ids.group as string)) as GroupNode;
    expect(childNames(group)).toEqual(['Bottle', 'Bottle (cut-out)']);
    expect(cut.parent?.id).toBe(group.id);
    expect(cut.relativeTransform).toEqual(original.relativeTransform);
    expect([cut.width, cut.height]).toEqual([100, 200]);
    expect(original.visible).toBe(false);
    expect(original.locked).toBe(true);
    expect(cut.visible).toBe(true);
    expect((cut as RectangleNode).fills).toMatchObject([{ type: 'IMAGE', scaleMode: 'FILL' }]);
    // The selection follows to the cut-out, so the next Generate works on it.
    expect(session.figma.currentPage.selection.map((n) => n.id)).toEqual([cut.id]);

    const moved = result.job;
    expect(moved.stage).toBe('generate');
    expect(moved.state).toBe('sending');
    expect(moved.taskUid).toBeUndefined();
    expect(moved.layerIds).toEqual([cut.id]);
    expect(moved.lowestLayerId).toBe(cut.id);
    expect(moved.imageCount).toBe(2);
    expect(moved.placedImages).toEqual([]);
    expect(moved.cutout).toMatchObject({ originalIds: [ids.bottle], placedIds: [cut.id], taskUid: 'task-cut' });

    // One undo step: the cut-out goes and the original shows again.
    session.standin.undo.undoLast();
    expect(childNames(group)).toEqual(['Bottle']);
    expect(original.visible).toBe(true);
  });

  it('a rotated photo: the cut-out covers the bounds it was exported at, unrotated, over the hidden original', async () => {
    const { session, job, ids, node } = await photoPostAsync({ rotation: 15 });
    const result = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png: await solidPngAsync(150, 220) });
    const original = await node(ids.bottle as string);
    const cut = await node(result.nodeId);
    expect(cut.rotation).toBe(0);
    const [a, b] = [cut.absoluteBoundingBox as Rect, original.absoluteBoundingBox as Rect];
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(a[key]).toBeCloseTo(b[key], 6);
    expect(original.visible).toBe(false);
  });

  it('places a replayed cut-out once, also after a stale copy of the job is saved again', async () => {
    const { session, job, ids } = await photoPostAsync();
    const png = await solidPngAsync(100, 200);
    const first = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png });
    // The UI's copy from before placement arrives late: main keeps the job it moved on.
    await session.channel.requestAsync('saveJob', { job: { ...job, state: 'downloading' } });
    const stored = (await session.standin.clientStorage.getAsync(JOBS_STORAGE_KEY)) as { jobs: JobRecord[] };
    expect(stored.jobs.find((entry) => entry.id === job.id)?.stage).toBe('generate');
    const group = (await session.figma.getNodeByIdAsync(ids.group as string)) as GroupNode;
    expect(childNames(group)).toEqual(['Bottle', 'Bottle (cut-out)']);
    expect(first.alreadyPlaced).toBe(false);
  });

  it('the generate stage places its background behind the cut-out, which keeps covering the hidden original', async () => {
    const { session, job, ids } = await photoPostAsync();
    const cut = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png: await solidPngAsync(100, 200) });
    const sent: JobRecord = { ...cut.job, state: 'queued', taskUid: 'task-gen' };
    await session.channel.requestAsync('saveJob', { job: sent });
    await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png: await solidPngAsync(1200, 800), seed: 7 });
    const again = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png: await solidPngAsync(1200, 800), seed: 7 });
    expect(again.alreadyPlaced).toBe(true);
    const post = (await session.figma.getNodeByIdAsync(ids.post as string)) as FrameNode;
    const all = post.findAll((n) => n.name.startsWith('Backdrop') && n.type === 'FRAME');
    expect(all).toHaveLength(1);
    // The background sits below the cut-out in paint order.
    const order = post.findAll(() => true).map((n) => n.name);
    expect(order.indexOf('Bottle (cut-out)')).toBeGreaterThan(order.indexOf(all[0]?.name as string));
  });

  it('a batch of two photos: two cut-outs, each over its original, in one undo step', async () => {
    const { session, job, ids, node } = await photoPostAsync({ two: true });
    await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png: await solidPngAsync(100, 200) });
    const second = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 1, png: await solidPngAsync(80, 120) });
    const post = (await session.figma.getNodeByIdAsync(ids.post as string)) as FrameNode;
    expect(childNames(post)).toEqual(['Products', 'Can', 'Can (cut-out)']);
    expect(second.job.layerIds).toHaveLength(2);
    expect((await node(ids.can as string)).visible).toBe(false);
    session.standin.undo.undoLast();
    expect(childNames(post)).toEqual(['Products', 'Can']);
    expect((await node(ids.bottle as string)).visible).toBe(true);
    expect((await node(ids.can as string)).visible).toBe(true);
  });

  it('a stored job with a malformed cut-out record is dropped on load, one without stages still loads', async () => {
    const { session, job } = await photoPostAsync();
    const legacy = { ...job, id: 'job-old', stage: undefined, cutout: undefined };
    await session.standin.clientStorage.setAsync(JOBS_STORAGE_KEY, { version: 1, jobs: [legacy, { ...job, id: 'job-bad', cutout: { originalIds: 'x' } }] });
    const again = await openSessionAsync({ clientStorage: session.standin.clientStorage });
    const init = await again.channel.requestAsync('init', {});
    expect(init.jobs.map((entry) => entry.id)).toEqual(['job-old']);
  });
});
