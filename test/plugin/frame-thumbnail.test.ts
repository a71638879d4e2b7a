// frameThumbnail: main hands over a placed Backdrop frame's image from its fill, hidden variations
// included (Figma cannot export those), and refuses nodes that are not (or no longer) Backdrop
// backgrounds.
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
  it("answers each placed frame with its image's pixels, the hidden variation too", async () => {
    const { session, nodeIds, colours, job } = await placedSessionAsync();
    const second = (await session.figma.getNodeByIdAsync(nodeIds[1] as string)) as FrameNode;
    expect(second.visible).toBe(false);
    // Figma refuses to export the hidden variation, so exporting cannot be how this works.
    await expect(second.exportAsync({ format: 'PNG' })).rejects.toThrow(/visible layers/);
    for (const [index, nodeId] of nodeIds.entries()) {
      const result = await session.channel.requestAsync('frameThumbnail', { nodeId });
      expect(result.nodeId).toBe(nodeId);
      const image = await decodeAsync(result.image);
      expect([image.width, image.height]).toEqual([job.output.width, job.output.height]);
      for (const [x, y] of [[1, 1], [image.width >> 1, image.height >> 1], [image.width - 2, image.height - 2]] as const) {
        const pixel = image.pixel(x, y);
        const expected = colours[index] as number[];
        pixel.forEach((value, channel) => expect(Math.abs(value - (expected[channel] as number)), `pixel ${x},${y} of frame ${index + 1}`).toBeLessThanOrEqual(2));
      }
    }
    // The export leaves the variation hidden.
    expect(second.visible).toBe(false);
  });

  it('says so when the designer replaced the frame\'s image fill', async () => {
    const { session, nodeIds } = await placedSessionAsync();
    const node = (await session.figma.getNodeByIdAsync(nodeIds[0] as string)) as FrameNode;
    node.fills = [{ type: 'SOLID', color: { r: 0, g: 0, b: 0 } }];
    await expect(session.channel.requestAsync('frameThumbnail', { nodeId: nodeIds[0] as string })).rejects.toThrow('That background no longer shows its image.');
  });

  it('answers a deleted frame with "That background was deleted"', async () => {
    const { session, nodeIds } = await placedSessionAsync();
    const node = (await session.figma.getNodeByIdAsync(nodeIds[0] as string)) as FrameNode;
    node.remove();
    await expect(session.channel.requestAsync('frameThumbnail', { nodeId: nodeIds[0] as string })).rejects.toThrow('That background was deleted.');
    await expect(session.channel.requestAsync('frameThumbnail', { nodeId: '999:999' })).rejects.toThrow('That background was deleted.');
  });

  it("answers a frame brought back by the designer's undo with its image again, under the same id", async () => {
    const { session, nodeIds, colours } = await placedSessionAsync();
    const nodeId = nodeIds[0] as string;
    const node = (await session.figma.getNodeByIdAsync(nodeId)) as FrameNode;
    session.figma.commitUndo();
    node.remove(); // the designer deletes it on the canvas...
    await expect(session.channel.requestAsync('frameThumbnail', { nodeId })).rejects.toThrow('That background was deleted.');
    session.standin.undo.undoLast(); // ...and presses Cmd+Z
    const image = await decodeAsync((await session.channel.requestAsync('frameThumbnail', { nodeId })).image);
    expect(image.pixel(1, 1).map((value, channel) => Math.abs(value - (colours[0] as number[])[channel]!) <= 2)).toEqual([true, true, true, true]);
  });

  it('refuses a layer that is not a Backdrop background', async () => {
    const { session, ids } = await placedSessionAsync();
    for (const id of [ids.product as string, ids.post as string]) {
      await expect(session.channel.requestAsync('frameThumbnail', { nodeId: id })).rejects.toThrow('That layer is not a Backdrop background.');
    }
  });
});
