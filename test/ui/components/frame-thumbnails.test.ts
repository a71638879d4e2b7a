// @vitest-environment happy-dom
// Jobs restored from an earlier run get their thumbnails from main, one placed frame at a time.
import { afterEach, describe, expect, it } from 'vitest';
import { h } from '../../../ui/components/render';
import { cleanup, fireEvent, render, screen, waitFor } from './render-testing';
import { App } from '../../../ui/components/app';
import { createAppState } from '../../../ui/state/app-state';
import type { FetchLike } from '../../../ui/lib/relay-client';
import type { JobRecord } from '../../../src/protocol/shapes';
import { decodePngAsync } from '../../../ui/lib/png';
import { base64ToBytes } from '../../../src/contract/png-header';
import { createFakeMain } from './fake-channel';

const offline: FetchLike = async () => new Response(JSON.stringify({ RetCode: 0 }), { status: 200, headers: { 'Content-Type': 'application/json' } });

function restoredJob(overrides: Partial<JobRecord> = {}): JobRecord {
  const now = Date.now();
  return {
    id: 'job-r', createdAt: now - 60_000, updatedAt: now - 50_000, state: 'placed', taskUid: 'task-r', pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
    frameId: '1:1', area: { x: 0, y: 0, width: 1600, height: 800 }, areaSpec: { kind: 'frame' }, placement: 'behind',
    output: { width: 1600, height: 800 }, foreground: { width: 1600, height: 800 }, resizeMode: 'ResizeAndFill', params: {}, label: 'dunes',
    imageCount: 3, placedImages: [0, 1, 2], placedNodeIds: ['5:1', '5:2', '5:3'], visibleIndex: 0,
    ...overrides,
  };
}

afterEach(() => cleanup());

describe('thumbnails of restored jobs', () => {
  it('asks main for each placed frame, one at a time, shows the images, and drops a frame main says was deleted', async () => {
    const main = createFakeMain({ jobs: [restoredJob()], deletedNodeIds: ['5:2'] });
    const app = createAppState({ channel: main.channel, fetch: offline });
    render(h(App, { app }));
    await app.initAsync();
    app.showTab('Jobs');
    const thumbnailImages = () => [...document.querySelectorAll<HTMLImageElement>('.thumb-button img')];
    await waitFor(() => expect(thumbnailImages()).toHaveLength(2));
    const asked = main.requests.filter((request) => request.name === 'frameThumbnail').map((request) => request.payload);
    expect(asked).toEqual([{ nodeId: '5:1' }, { nodeId: '5:2' }, { nodeId: '5:3' }]);
    expect(main.maxThumbnailsInFlight).toBe(1);
    const images = thumbnailImages();
    // Each image sits in the button that shows that variation on the canvas.
    expect(images.map((image) => image.closest('button')?.textContent)).toEqual(['Variation 1, shown', 'Use variation 3']);
    const decoded = await decodePngAsync(base64ToBytes(images[0]!.src.replace('data:image/png;base64,', '')));
    // No canvas here: the image is shown as main sent it (a browser shrinks it first).
    expect([decoded.width, decoded.height]).toEqual([64, 32]);
    expect([...decoded.rgba.slice(0, 4)]).toEqual([0, 0, 255, 255]);
    // The frame deleted on the canvas is no longer offered: no tile that would only fail.
    const row = screen.getByTestId('job-job-r');
    expect([...row.querySelectorAll('.thumb-number')]).toEqual([]);
    expect([...row.querySelectorAll('.thumb-button')].map((node) => node.textContent)).toEqual(['Variation 1, shown', 'Use variation 3']);
    app.dispose();
  });

  it('drops the tile of a frame deleted on the canvas once using it finds it gone, with main\'s message', async () => {
    const deletedNodeIds: string[] = [];
    const main = createFakeMain({ jobs: [restoredJob()], deletedNodeIds });
    const app = createAppState({ channel: main.channel, fetch: offline });
    render(h(App, { app }));
    await app.initAsync();
    app.showTab('Jobs');
    await waitFor(() => expect(document.querySelectorAll('.thumb-button img')).toHaveLength(3));
    // Deleted on the canvas after its thumbnail was read.
    deletedNodeIds.push('5:3');
    fireEvent.click(screen.getByRole('button', { name: /Use variation 3/ }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /Use variation 3/ })).toBeNull());
    expect(screen.getByRole('button', { name: /Use variation 2/ })).toBeTruthy();
    expect(main.requests.find((request) => request.name === 'notify')?.payload).toEqual({ message: 'That background was deleted.', error: true });
    app.dispose();
  });

  it('gives a frame brought back by an undo its tile again: asked about when the selection changes and when the Jobs tab opens', async () => {
    const deletedNodeIds = ['5:2'];
    const main = createFakeMain({ jobs: [restoredJob()], deletedNodeIds });
    const app = createAppState({ channel: main.channel, fetch: offline });
    render(h(App, { app }));
    await app.initAsync();
    app.showTab('Jobs');
    const tiles = () => [...document.querySelectorAll('.thumb-button')].map((node) => node.textContent);
    await waitFor(() => expect(document.querySelectorAll('.thumb-button img')).toHaveLength(2));
    expect(tiles()).toEqual(['Variation 1, shown', 'Use variation 3']);
    const asked = () => main.requests.filter((request) => request.name === 'frameThumbnail').length;
    expect(asked()).toBe(3);

    // Still gone: a selection change asks once more, and the tile stays away.
    main.emitSelection(main.selection);
    await waitFor(() => expect(asked()).toBe(4));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tiles()).toEqual(['Variation 1, shown', 'Use variation 3']);

    // The designer's undo restores the frame under its id; the next selection change finds it.
    deletedNodeIds.length = 0;
    main.emitSelection(main.selection);
    await waitFor(() => expect(tiles()).toEqual(['Variation 1, shown', 'Use variation 2', 'Use variation 3']));
    expect(document.querySelectorAll('.thumb-button img')).toHaveLength(3);
    expect(main.maxThumbnailsInFlight).toBe(1);

    // Deleted again and found so, then restored while the panel shows Generate: opening Jobs asks.
    deletedNodeIds.push('5:2');
    fireEvent.click(screen.getByRole('button', { name: /Use variation 2/ }));
    await waitFor(() => expect(tiles()).toEqual(['Variation 1, shown', 'Use variation 3']));
    app.showTab('Generate');
    deletedNodeIds.length = 0;
    const before = asked();
    app.showTab('Jobs');
    await waitFor(() => expect(tiles()).toEqual(['Variation 1, shown', 'Use variation 2', 'Use variation 3']));
    expect(asked()).toBe(before + 1);
    app.dispose();
  });

  it('asks nothing for jobs without placed frames', async () => {
    const main = createFakeMain({ jobs: [restoredJob({ id: 'job-f', state: 'failed', placedImages: [], placedNodeIds: [] })] });
    const app = createAppState({ channel: main.channel, fetch: offline });
    render(h(App, { app }));
    await app.initAsync();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(main.requests.some((request) => request.name === 'frameThumbnail')).toBe(false);
    app.dispose();
  });
});
