// A clean plate through the real handlers on the stand-in: placed as one more variation of the
// Backdrop it was made from (in the layer's one Backdrop container, with its frames), shown in
// place of them, once.
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/protocol/shapes';
import { childNames, frame, jobFor, openSessionAsync, rectangle, solidPngAsync } from './plugin-session';

describe('clean plate placement', () => {
  it('places the plate with the Backdrop it clears, shows it and hides the source variations, once', async () => {
    const ids: Record<string, string> = {};
    const session = await openSessionAsync({
      build: (figma) => {
        const post = frame(figma, figma.currentPage, 'Post', 0, 0, 400, 300);
        ids.post = post.id;
        ids.product = rectangle(figma, post, 'Product', 100, 100, 120, 80).id;
      },
    });
    const base = { pageId: session.figma.currentPage.id, layerIds: [ids.product as string], lowestLayerId: ids.product as string, frameId: ids.post as string, area: { x: 0, y: 0, width: 400, height: 300 } };
    const source: JobRecord = jobFor({ ...base, id: 'job-src', taskUid: 'task-src', imageCount: 2 });
    await session.channel.requestAsync('saveJob', { job: source });
    const png = await solidPngAsync(800, 600);
    await session.channel.requestAsync('placeImage', { jobId: source.id, imageIndex: 0, png, seed: 1 });
    await session.channel.requestAsync('placeImage', { jobId: source.id, imageIndex: 1, png, seed: 2 });
    const plate: JobRecord = jobFor({ ...base, id: 'job-plate', taskUid: 'task-plate', stage: 'plate', plate: { sourceJobId: source.id, sourceImageIndex: 0 }, imageCount: 1, label: 'Clean plate · marble' });
    await session.channel.requestAsync('saveJob', { job: plate });
    const placed = await session.channel.requestAsync('placeImage', { jobId: plate.id, imageIndex: 0, png: await solidPngAsync(800, 600, [10, 200, 10, 255]) });
    const again = await session.channel.requestAsync('placeImage', { jobId: plate.id, imageIndex: 0, png });
    expect(again.alreadyPlaced).toBe(true);
    expect(placed.job.state).toBe('placed');

    const post = (await session.figma.getNodeByIdAsync(ids.post as string)) as FrameNode;
    const containers = post.children.filter((node) => node.name.startsWith('Backdrop'));
    expect(containers.map((node) => node.name)).toEqual(['Backdrop · Product']);
    const container = containers[0] as FrameNode;
    const backdrops = container.children;
    expect(backdrops).toHaveLength(3);
    const plateFrame = backdrops.find((node) => node.id === placed.nodeId) as FrameNode;
    expect(plateFrame.parent?.id).toBe(container.id);
    expect(plateFrame.visible).toBe(true);
    expect(backdrops.filter((node) => node.visible).map((node) => node.id)).toEqual([placed.nodeId]);
    expect(plateFrame.name).toContain('Clean plate');
    // In the container with the source's frames, all behind the product.
    expect(childNames(post).at(-1)).toBe('Product');
    expect([plateFrame.width, plateFrame.height]).toEqual([400, 300]);
    expect(session.standin.notifications.at(-1)).toMatch(/Clean plate placed/);
  });
});
