// @vitest-environment happy-dom
// The Generate form's offer for an opaque layer: both buttons, the tuning in plain words sent as
// PICPIK's fields, and the job row's two stages.
import { afterEach, describe, expect, it } from 'vitest';
import { h } from '../../../ui/components/render';
import { cleanup, fireEvent, render, screen, waitFor } from './render-testing';
import { App } from '../../../ui/components/app';
import { createAppState } from '../../../ui/state/app-state';
import type { FetchLike } from '../../../ui/lib/relay-client';
import { createFakeMain } from './fake-channel';
import { chooseOption } from './render-app';
import { IMAGE_EDIT_LIMITS } from '../../../src/contract/image-edit-rules';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

async function renderApp() {
  const posted: Record<string, unknown>[] = [];
  const fetch: FetchLike = async (url, init) => {
    if (url.endsWith('/healthz')) return json({ ok: true });
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    posted.push(body);
    if (body.Action === 'RemoveBackground') return json({ Action: 'RemoveBackgroundResponse', RetCode: 0, TaskUID: 'task-cut' });
    if (body.Action === 'ListTasksDetails') return json({ Action: 'ListTasksDetailsResponse', RetCode: 0, TaskDetailList: [{ TaskUID: 'task-cut', Status: 'Running' }] });
    return json({ RetCode: 0, Action: `${String(body.Action)}Response` });
  };
  const main = createFakeMain({ opaque: true });
  const app = createAppState({ channel: main.channel, fetch });
  render(h(App, { app }));
  await app.initAsync();
  return { main, app, posted };
}

afterEach(() => cleanup());

describe('the cut-out offer', () => {
  it('sends RemoveBackground with the chosen edge erosion and hair detail, and shows the job with two stages', async () => {
    const { app, main, posted } = await renderApp();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Remove background, then generate' })).toBeTruthy(), { timeout: 3000 });
    const erosion = screen.getByLabelText(/Edge erosion/) as HTMLInputElement;
    fireEvent.input(erosion, { target: { value: String(IMAGE_EDIT_LIMITS.ErodeSize.max) } });
    // The field clamps to the limit: an arrow past it leaves the text on the number kept.
    fireEvent.keyDown(erosion, { key: 'ArrowUp' });
    await waitFor(() => expect(app.cutout.tuning.value.ErodeSize).toBe(IMAGE_EDIT_LIMITS.ErodeSize.max));
    expect(erosion.value).toBe(String(IMAGE_EDIT_LIMITS.ErodeSize.max));
    fireEvent.input(erosion, { target: { value: '23' } });
    fireEvent.keyDown(erosion, { key: 'ArrowDown' });
    await waitFor(() => expect(erosion.value).toBe('22'));
    await chooseOption('Hair and fur', 'Keep fine strands');
    app.updateForm({ prompt: 'white marble' });
    fireEvent.click(screen.getByRole('button', { name: 'Remove background, then generate' }));
    await waitFor(() => expect(posted.some((body) => body.Action === 'RemoveBackground')).toBe(true), { timeout: 3000 });
    const sent = posted.find((body) => body.Action === 'RemoveBackground') as Record<string, unknown>;
    expect(sent).toMatchObject({ ErodeSize: 22, HairOptimization: 'on', ForegroundThreshold: 240, BackgroundThreshold: 15, OnlyMask: false });
    expect(String(sent.RawImage)).toMatch(/^data:image\/png;base64,/);
    expect(posted.some((body) => body.Action === 'GenerateBackgrounds')).toBe(false);
    const stored = main.jobs.find((job) => job.taskUid === 'task-cut');
    expect(stored).toMatchObject({ stage: 'cutout', state: 'queued', cutout: { thenGenerate: true, placedIds: [] } });
    expect(stored?.params.PositivePrompts).toEqual(['white marble']);
    await waitFor(() => expect(screen.getByText(/Cut-out: (queued|working)/)).toBeTruthy());
    expect(screen.getByText(/Background: waits for the cut-out/)).toBeTruthy();
    app.dispose();
  });
});
