// @vitest-environment happy-dom
// The panel's two hooks into the layer's Backdrop on the canvas: "Replace previous background"
// when the layer already has one, and "Delete unused variations" on a job card.
import { afterEach, describe, expect, it } from 'vitest';
import { h } from '../../../ui/components/render';
import { cleanup, fireEvent, render, screen, waitFor } from './render-testing';
import { App } from '../../../ui/components/app';
import { createAppState } from '../../../ui/state/app-state';
import type { FetchLike } from '../../../ui/lib/relay-client';
import { createFakeMain } from './fake-channel';

const fetchOk: FetchLike = async (url) =>
  new Response(JSON.stringify(url.endsWith('/healthz') ? { ok: true, version: '0.1.0', upstream: 'emulator' } : { RetCode: 0 }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });

async function renderApp(options: Parameters<typeof createFakeMain>[0]) {
  const main = createFakeMain(options);
  const app = createAppState({ channel: main.channel, fetch: fetchOk });
  render(h(App, { app }));
  await app.initAsync();
  return { main, app };
}

afterEach(() => cleanup());

describe('Backdrop hooks in the panel', () => {
  it('offers "Replace previous background" for the layer\'s own Backdrop, not "Select them too"', async () => {
    const { app } = await renderApp({ previous: [{ id: '7:1', name: 'beach · seed 1234' }] });
    await waitFor(() => expect(screen.getByText(/Replace previous background: the new one is shown instead of beach · seed 1234/)).toBeTruthy(), { timeout: 3000 });
    expect(screen.queryByRole('button', { name: 'Select them too' })).toBeNull();
    app.dispose();
  });

  it('names the variation shown now when the panel comes back to Generate: the Jobs tab may have shown another', async () => {
    const previous = [{ id: '7:1', name: 'beach · seed 1234' }];
    const { app } = await renderApp({ previous });
    await waitFor(() => expect(screen.getByText(/instead of beach · seed 1234/)).toBeTruthy(), { timeout: 3000 });
    app.showTab('Jobs');
    previous[0] = { id: '7:2', name: 'dunes · 2/2 · seed 88' };
    app.showTab('Generate');
    await waitFor(() => expect(screen.getByText(/instead of dunes · 2\/2 · seed 88/)).toBeTruthy(), { timeout: 3000 });
    app.dispose();
  });

  it('"Delete unused variations" on a job card asks main to remove them, says how many went, and stops offering them', async () => {
    const now = Date.now();
    const placed = {
      id: 'job-p', createdAt: now - 5000, updatedAt: now, state: 'placed' as const, taskUid: 'task-p', pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
      frameId: '1:1', area: { x: 0, y: 0, width: 100, height: 100 }, areaSpec: { kind: 'frame' as const }, placement: 'behind' as const,
      output: { width: 100, height: 100 }, foreground: { width: 100, height: 100 }, resizeMode: 'ResizeAndFill' as const, params: {}, label: 'beach',
      imageCount: 3, placedImages: [0, 1, 2], placedNodeIds: ['n0', 'n1', 'n2'], visibleIndex: 0,
    };
    const { app, main } = await renderApp({ jobs: [placed] });
    app.showTab('Jobs');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Delete unused variations' })).toBeTruthy());
    const tiles = () => screen.getAllByRole('button', { name: /^(Use variation|Variation \d, shown)/ }).map((tile) => tile.textContent);
    expect(tiles()).toEqual(['1Variation 1, shown', '2Use variation 2', '3Use variation 3']);
    fireEvent.click(screen.getByRole('button', { name: 'Delete unused variations' }));
    await waitFor(() => expect(main.requests.find((request) => request.name === 'deleteUnusedVariations')?.payload).toEqual({ jobId: 'job-p' }));
    await waitFor(() =>
      expect(main.requests.find((request) => request.name === 'notify')?.payload).toEqual({ message: 'Backdrop: deleted 2 unused variations.' }),
    );
    expect(tiles()).toEqual(['1Variation 1, shown']);
    // Nothing of this job is left to delete: the button goes, as it is on a job whose variations are all gone.
    expect(screen.queryByRole('button', { name: 'Delete unused variations' })).toBeNull();
    app.dispose();
  });
});
