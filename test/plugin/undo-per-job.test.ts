// Undo grouping through the real handlers on the stand-in: each job's frames form one undo step,
// whether its placements arrive one by one or side by side.
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/protocol/shapes';
import { childNames, frame, jobFor, openSessionAsync, rectangle, solidPngAsync } from './plugin-session';
import type { TestSession } from './plugin-session';

/** Two frames, Post A and Post B, each holding a Product; a job for each. */
async function twoPostsAsync() {
  const ids: Record<string, string> = {};
  const session = await openSessionAsync({
    build: (figma) => {
      const a = frame(figma, figma.currentPage, 'Post A', 0, 0, 400, 300);
      ids.productA = rectangle(figma, a, 'Product A', 100, 100, 120, 80).id;
      ids.postA = a.id;
      const b = frame(figma, figma.currentPage, 'Post B', 600, 0, 400, 300);
      ids.productB = rectangle(figma, b, 'Product B', 50, 50, 120, 80).id;
      ids.postB = b.id;
    },
  });
  const jobA = jobFor({
    id: 'job-a', taskUid: 'task-a', pageId: session.figma.currentPage.id, layerIds: [ids.productA as string], lowestLayerId: ids.productA as string,
    frameId: ids.postA as string, area: { x: 0, y: 0, width: 400, height: 300 }, imageCount: 3,
  });
  const jobB = jobFor({
    id: 'job-b', taskUid: 'task-b', pageId: session.figma.currentPage.id, layerIds: [ids.productB as string], lowestLayerId: ids.productB as string,
    frameId: ids.postB as string, area: { x: 600, y: 0, width: 400, height: 300 }, imageCount: 2,
  });
  const postA = (await session.figma.getNodeByIdAsync(ids.postA as string)) as FrameNode;
  const postB = (await session.figma.getNodeByIdAsync(ids.postB as string)) as FrameNode;
  return { session, jobA, jobB, postA, postB };
}

/** Names of the variations in the post's Backdrop container (none without a container). */
function variations(post: FrameNode): string[] {
  const container = post.children.find((child) => child.name.startsWith('Backdrop'));
  return container && container.type === 'FRAME' ? childNames(container) : [];
}

function placeAsync(session: TestSession, job: JobRecord, imageIndex: number, png: Uint8Array) {
  return session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex, png, seed: 100 + imageIndex });
}

describe('one undo step per job', () => {
  it('two jobs placed one after the other: each undo removes exactly one job\'s frames, last job first', async () => {
    const { session, jobA, jobB, postA, postB } = await twoPostsAsync();
    const png = await solidPngAsync(800, 600);
    await session.channel.requestAsync('saveJob', { job: jobA });
    await session.channel.requestAsync('saveJob', { job: jobB });
    // The document as the designer left it is its own step.
    session.figma.commitUndo();
    for (let i = 0; i < jobA.imageCount; i += 1) await placeAsync(session, jobA, i, png);
    for (let i = 0; i < jobB.imageCount; i += 1) await placeAsync(session, jobB, i, png);
    expect(childNames(postA)).toEqual(['Backdrop · Product A', 'Product A']);
    expect(variations(postA)).toHaveLength(3);
    expect(variations(postB)).toHaveLength(2);

    session.standin.undo.undoLast();
    expect(childNames(postB)).toEqual(['Product B']);
    expect(variations(postA)).toHaveLength(3);

    session.standin.undo.undoLast();
    expect(childNames(postA)).toEqual(['Product A']);
    expect(childNames(postB)).toEqual(['Product B']);
  });

  it('placements sent side by side are handled one at a time: every image recorded, one step per job', async () => {
    const { session, jobA, jobB, postA, postB } = await twoPostsAsync();
    const png = await solidPngAsync(800, 600);
    await session.channel.requestAsync('saveJob', { job: jobA });
    await session.channel.requestAsync('saveJob', { job: jobB });
    session.figma.commitUndo();
    // No awaiting between requests: main must not mix them while one awaits a page load.
    const results = await Promise.all([0, 1, 2].map((i) => placeAsync(session, jobA, i, png)));
    expect(results.map((result) => result.alreadyPlaced)).toEqual([false, false, false]);
    expect(results[2]?.job).toMatchObject({ state: 'placed', placedImages: [0, 1, 2] });
    expect(new Set(results.map((result) => result.nodeId)).size).toBe(3);
    await Promise.all([0, 1].map((i) => placeAsync(session, jobB, i, png)));
    expect(session.plugin.jobs.get('job-b')).toMatchObject({ state: 'placed', placedImages: [0, 1] });

    session.standin.undo.undoLast();
    expect(childNames(postB)).toEqual(['Product B']);
    expect(variations(postA)).toHaveLength(3);
    session.standin.undo.undoLast();
    expect(childNames(postA)).toEqual(['Product A']);
  });

  it('a second job for the same layer: one undo takes its variations out of the container and shows the earlier one again', async () => {
    const { session, jobA, postA } = await twoPostsAsync();
    const png = await solidPngAsync(800, 600);
    const again = { ...jobA, id: 'job-a2', taskUid: 'task-a2', imageCount: 2 };
    await session.channel.requestAsync('saveJob', { job: jobA });
    await session.channel.requestAsync('saveJob', { job: again });
    session.figma.commitUndo();
    const first = await placeAsync(session, jobA, 0, png);
    for (let i = 1; i < jobA.imageCount; i += 1) await placeAsync(session, jobA, i, png);
    for (let i = 0; i < again.imageCount; i += 1) await placeAsync(session, again, i, png);
    expect(variations(postA)).toHaveLength(5);
    const shown = () => {
      const container = postA.children[0] as FrameNode;
      return container.children.filter((child) => child.visible).map((child) => child.id);
    };
    expect(shown()).toHaveLength(1);
    expect(shown()).not.toEqual([first.nodeId]);

    session.standin.undo.undoLast();
    expect(variations(postA)).toHaveLength(3);
    expect(shown()).toEqual([first.nodeId]);
  });
});
