// @vitest-environment happy-dom
// Removing a row with the keyboard leaves focus on the row that takes its place (or the one before
// it, or the list's own control), not on the page's body.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from './render-testing';
import { renderApp } from './render-app';
import type { JobRecord } from '../../../src/protocol/shapes';

afterEach(() => cleanup());

function placedJob(id: string, createdAt: number): JobRecord {
  return {
    id, createdAt, updatedAt: createdAt, state: 'placed', taskUid: `task-${id}`, pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
    frameId: '1:1', area: { x: 0, y: 0, width: 100, height: 100 }, areaSpec: { kind: 'frame' }, placement: 'behind',
    output: { width: 100, height: 100 }, foreground: { width: 100, height: 100 }, resizeMode: 'ResizeAndFill', params: {}, label: id,
    imageCount: 1, placedImages: [0], placedNodeIds: [`n-${id}`], visibleIndex: 0,
  };
}

describe('focus after a removal', () => {
  it('Remove from list moves focus into the next job, then to the Jobs tab once the list is empty', async () => {
    const { app } = await renderApp({ jobs: [placedJob('newer', 2000), placedJob('older', 1000)] });
    app.showTab('Jobs');
    const removeIn = (id: string) => screen.getByTestId(`job-${id}`).querySelector<HTMLButtonElement>('button[title^="Removes the job"]') as HTMLButtonElement;
    await waitFor(() => expect(removeIn('newer')).toBeTruthy());
    removeIn('newer').focus();
    fireEvent.click(removeIn('newer'));
    await waitFor(() => expect(screen.queryByTestId('job-newer')).toBeNull());
    await waitFor(() => expect(screen.getByTestId('job-older').contains(document.activeElement)).toBe(true));
    removeIn('older').focus();
    fireEvent.click(removeIn('older'));
    await waitFor(() => expect(document.activeElement?.getAttribute('role')).toBe('tab'));
    expect(document.activeElement?.textContent).toBe('Jobs');
    app.dispose();
  });

  it("a sub-model's Remove on the last row moves focus to the row before, then to the first add button", async () => {
    const { app } = await renderApp();
    app.setAdvancedOpen(true);
    app.updateForm({ subModels: [{ kind: 'lora', modelCode: 'a', weight: 1, triggerWords: '' }, { kind: 'lora', modelCode: 'b', weight: 1, triggerWords: '' }] });
    const second = await screen.findByRole('button', { name: 'Remove sub-model 2' });
    second.focus();
    fireEvent.click(second);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Remove sub-model 2' })).toBeNull());
    await waitFor(() => expect(document.activeElement?.closest('.sub-model')).toBeTruthy());
    const first = screen.getByRole('button', { name: 'Remove sub-model 1' });
    first.focus();
    fireEvent.click(first);
    await waitFor(() => expect(document.activeElement?.textContent).toBe('+ LoRA'));
    app.dispose();
  });
});
