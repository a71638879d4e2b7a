// What the placement tests share: a post frame with three layers, placing every image of a job,
// and reading nodes and their Backdrop container back.
import { expect } from 'vitest';
import type { JobRecord } from '../../src/protocol/shapes';
import { frame, jobFor, openSessionAsync, rectangle, solidPngAsync } from './plugin-session';
import type { TestSession } from './plugin-session';

export async function placeAllAsync(session: TestSession, job: JobRecord, seeds: number[] = [1234, 1235]) {
  await session.channel.requestAsync('saveJob', { job });
  const results = [];
  for (let i = 0; i < job.imageCount; i += 1) {
    const png = await solidPngAsync(job.output.width, job.output.height);
    results.push(await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: i, png, seed: seeds[i] }));
  }
  return results;
}

export async function nodeAsync<T extends BaseNode>(session: TestSession, id: string): Promise<T> {
  return (await session.figma.getNodeByIdAsync(id)) as T;
}

/** The container holding a placed variation. */
export async function containerOfAsync(session: TestSession, nodeId: string | undefined): Promise<FrameNode> {
  const placed = await nodeAsync<FrameNode>(session, nodeId as string);
  const container = placed.parent as FrameNode;
  expect(container.type).toBe('FRAME');
  expect(container.getSharedPluginData('backdrop', 'backdrop-container')).not.toBe('');
  return container;
}

export function expectBoxNear(actual: Rect | null, expected: Rect): void {
  expect(actual).not.toBeNull();
  const box = actual as Rect;
  for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(box[key] - expected[key])).toBeLessThanOrEqual(0.5);
}

/** Post (a frame at 1000,500) holding Sky, Product and Caption. */
export async function postSessionAsync(extra?: (figma: PluginAPI, post: FrameNode) => void) {
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
