// frameThumbnail: main exports a placed Backdrop frame small, hidden variations included, and
// refuses nodes that are not (or no longer) Backdrop backgrounds.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { frame, jobFor, openSessionAsync, rectangle, solidPngAsync } from './plugin-session';

async function placedSessionAsync() {
  const ids: Record<string, string> = {};
  const session = await openSessionAsync({
    build: (figma) => {
      const post = frame(figma, figma.currentPage, 'Post', 1000, 500, 400, 200);
      ids.product = rectangle(figma, post, 'Product', 100, 50, 120, 80).id;
      ids.post = post.id;
    },
  });
  const job = jobFor({
    pageId: session.figma.currentPage.id,
    layerIds: [ids.product as string],
    lowestLayerId: ids.product as string,
    frameId: ids.post as string,
    area: { x: 1000, y: 500, width: 400, height: 200 },
  });
  await session.channel.requestAsync('saveJob', { job });
  const colours: [number, number, number, number][] = [
    [200, 30, 40, 255],
    [20, 160, 90, 255],
  ];
  const nodeIds: string[] = [];
  for (const [index, colour] of colours.entries()) {
    const png = await solidPngAsync(job.output.width, job.output.height, colour);
    const placed = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: index, png, seed: 10 + index });
    nodeIds.push(placed.nodeId);
  }
  return { session, ids, job, nodeIds, colours };
}

async function decodeAsync(png: Uint8Array) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * 4, (y * info.width + x) * 4 + 4)];
  return { width: info.width, height: info.height, pixel };
}

describe('frameThumbnail', () => {
  it("exports each placed frame at the requested width with the placed image's pixels, the hidden variation too", async () => {
    const { session, nodeIds, colours } = await placedSessionAsync();
    const second = (await session.figma.getNodeByIdAsync(nodeIds[1] as string)) as FrameNode;
    expect(second.visible).toBe(false);
    for (const [index, nodeId] of nodeIds.entries()) {
      const result = await session.channel.requestAsync('frameThumbnail', { nodeId, width: 96 });
      expect(result.nodeId).toBe(nodeId);
      const image = await decodeAsync(result.png);
      expect(image.width).toBe(96);
      expect(image.height).toBe(48);
      for (const [x, y] of [[1, 1], [48, 24], [94, 46]] as const) {
        const pixel = image.pixel(x, y);
        const expected = colours[index] as number[];
        pixel.forEach((value, channel) => expect(Math.abs(value - (expected[channel] as number)), `pixel ${x},${y} of frame ${index + 1}`).toBeLessThanOrEqual(2));
      }
    }
    // The export leaves the variation hidden.
    expect(second.visible).toBe(false);
  });

  it('honours other widths within 16..256 and rejects widths outside', async () => {
    const { session, nodeIds } = await placedSessionAsync();
    const small = await decodeAsync((await session.channel.requestAsync('frameThumbnail', { nodeId: nodeIds[0] as string, width: 16 })).png);
    expect([small.width, small.height]).toEqual([16, 8]);
    const large = await decodeAsync((await session.channel.requestAsync('frameThumbnail', { nodeId: nodeIds[0] as string, width: 256 })).png);
    expect([large.width, large.height]).toEqual([256, 128]);
    await expect(session.channel.requestAsync('frameThumbnail', { nodeId: nodeIds[0] as string, width: 512 })).rejects.toMatchObject({ detail: expect.stringMatching(/width/) });
    await expect(session.channel.requestAsync('frameThumbnail', { nodeId: nodeIds[0] as string, width: 8 })).rejects.toMatchObject({ detail: expect.stringMatching(/width/) });
  });

  it('answers a deleted frame with "That background was deleted"', async () => {
    const { session, nodeIds } = await placedSessionAsync();
    const node = (await session.figma.getNodeByIdAsync(nodeIds[0] as string)) as FrameNode;
    node.remove();
    await expect(session.channel.requestAsync('frameThumbnail', { nodeId: nodeIds[0] as string, width: 96 })).rejects.toThrow('That background was deleted.');
    await expect(session.channel.requestAsync('frameThumbnail', { nodeId: '999:999', width: 96 })).rejects.toThrow('That background was deleted.');
  });

  it('refuses a layer that is not a Backdrop background', async () => {
    const { session, ids } = await placedSessionAsync();
    for (const id of [ids.product as string, ids.post as string]) {
      await expect(session.channel.requestAsync('frameThumbnail', { nodeId: id, width: 96 })).rejects.toThrow('That layer is not a Backdrop background.');
    }
  });
});
