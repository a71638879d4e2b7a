// @vitest-environment happy-dom
// The Generate tab's guard rails and the jobs list's context: problems recomputed on every change,
// confirmations before credits are spent, credits refreshed, per-job previews, real durations.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from './render-testing';
import type { JobRecord } from '../../../src/protocol/shapes';
import type { SelectionState } from '../../../src/protocol/selection-shapes';
import { INSUFFICIENT_CREDITS_TEXT } from '../../../ui/lib/relay-error';
import { LAYER_SELECTION } from './fake-channel';
import { json, relayFetch, renderApp } from './render-app';

afterEach(() => cleanup());

const generateButton = () => screen.getByRole('button', { name: 'Generate' }) as HTMLButtonElement;
const statusText = () => document.getElementById('generate-status')?.textContent ?? '';

function placedJob(overrides: Partial<JobRecord> = {}): JobRecord {
  const now = Date.now();
  return {
    id: 'job-p', createdAt: now - 5000, updatedAt: now, finishedAt: now, state: 'placed', taskUid: 'task-p', pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
    frameId: '1:1', area: { x: 0, y: 0, width: 1200, height: 600 }, areaSpec: { kind: 'frame' }, placement: 'behind', output: { width: 1200, height: 600 },
    foreground: { width: 1200, height: 600 }, resizeMode: 'ResizeAndFill', params: {}, label: 'beach', sourceLabel: 'Banner · Sneaker', imageCount: 2,
    placedImages: [0, 1], placedNodeIds: ['n0', 'n1'], visibleIndex: 0, seed: 4242, consumeApiPoint: 6, ...overrides,
  };
}

describe('Generate guard rails', () => {
  it('recomputes the problems on every change: a fixed reference problem goes, a new Steps problem shows', async () => {
    const { app } = await renderApp();
    app.setAdvancedOpen(true);
    app.updateForm({ prompt: 'marble', referenceSource: 'file' });
    await waitFor(() => expect(screen.getByText('Choose a reference image file, or set the reference to None')).toBeTruthy());
    await app.generateAsync();
    expect(statusText()).toBe('1 problem to fix');
    app.updateForm({ referenceSource: 'none' });
    fireEvent.input(await screen.findByLabelText('Steps'), { target: { value: '500' } });
    await waitFor(() => expect(screen.getByText(/^Steps must be a whole number between 6 and 100/)).toBeTruthy());
    expect(screen.queryByText('Choose a reference image file, or set the reference to None')).toBeNull();
    expect(app.generateProblems.value).toEqual([expect.stringMatching(/^Steps must be a whole number between 6 and 100/)]);
    expect(statusText()).toBe('1 problem to fix');
    expect(generateButton().disabled).toBe(true);
    app.dispose();
  });

  it('a fixed seed is told its own range, 0 up, without the -1 that makes PICPIK pick one, and nothing is sent', async () => {
    const { app, fetch } = await renderApp();
    app.setAdvancedOpen(true);
    app.updateForm({ prompt: 'marble', seedMode: 'fixed', seed: 7 });
    const seed = (await screen.findByLabelText('Seed number')) as HTMLInputElement;
    const fixedRange = (got: string) => `Seed number must be a whole number from 0 to 2147483647 (got ${got}); Random picks a new one for each run`;
    for (const typed of ['-1', '-5', '1.5', '2147483648']) {
      fireEvent.input(seed, { target: { value: typed } });
      await waitFor(() => expect(app.generateProblems.value).toEqual([fixedRange(typed)]));
      expect(seed.closest('.field')?.querySelector('.field-problem')?.textContent).toBe(fixedRange(typed));
    }
    await app.generateAsync();
    expect(fetch.posted.filter((body) => body.Action === 'GenerateBackgrounds')).toEqual([]);
    fireEvent.input(seed, { target: { value: '0' } });
    await waitFor(() => expect(app.generateProblems.value).toEqual([]));
    // Random sends a seed of its own choosing: -1 left in the hidden number is no problem then.
    app.updateForm({ seedMode: 'random', seed: -1 });
    await waitFor(() => expect(app.generateProblems.value).toEqual([]));
    app.dispose();
  });

  it('with nothing usable selected shows an empty state and a disabled Generate that says why', async () => {
    const { app } = await renderApp({ selection: { layers: [], groups: [], problem: 'Nothing selected' } });
    await waitFor(() => expect(screen.getByTestId('empty-state').textContent).toMatch(/Select a cut-out layer on the canvas/));
    expect(screen.getByTestId('empty-state').querySelector('svg')).toBeTruthy();
    expect(generateButton().disabled).toBe(true);
    expect(statusText()).toBe('Nothing selected');
    app.dispose();
  });

  it('asks before sending an empty prompt, and sends once confirmed', async () => {
    const fetch = relayFetch();
    const { app, main } = await renderApp({}, fetch);
    await waitFor(() => expect(generateButton().disabled).toBe(false));
    fireEvent.click(generateButton());
    await waitFor(() => expect(screen.getByRole('alertdialog').textContent).toMatch(/The prompt is empty/));
    expect(fetch.posted.some((body) => body.Action === 'GenerateBackgrounds')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Generate anyway' }));
    await waitFor(() => expect(main.jobs.some((job) => job.taskUid === 'task-1')).toBe(true));
    app.dispose();
  });

  it('puts keyboard focus on the question, and Escape means Not now and gives focus back to the prompt', async () => {
    const fetch = relayFetch();
    const { app } = await renderApp({}, fetch);
    await waitFor(() => expect(generateButton().disabled).toBe(false));
    const prompt = screen.getByLabelText('Prompt');
    prompt.focus();
    fireEvent.keyDown(prompt, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Generate anyway' })));
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(prompt));
    expect(fetch.posted.some((body) => body.Action === 'GenerateBackgrounds')).toBe(false);
    app.dispose();
  });

  it('offers "Generate anyway" for a layer without transparent pixels, with what it means', async () => {
    const { app } = await renderApp({ opaque: true });
    app.updateForm({ prompt: 'marble' });
    await waitFor(() => expect(screen.getByText(/This layer has no transparent pixels/)).toBeTruthy(), { timeout: 3000 });
    fireEvent.click(generateButton());
    await waitFor(() => expect(screen.getByRole('alertdialog').textContent).toMatch(/only shows around its rectangle/));
    expect(screen.getByRole('button', { name: 'Generate anyway' })).toBeTruthy();
    app.dispose();
  });
});

describe('credits', () => {
  it('refreshes the balance after a submit and when the job finishes, and estimates the next run from the last cost', async () => {
    let used = 12;
    let status = 'Running';
    const fetch = relayFetch((body) => {
      if (body.Action === 'GetCreditBalance') return json({ Action: 'GetCreditBalanceResponse', RetCode: 0, TotalCredits: 100, UsedCredits: used });
      if (body.Action === 'ListTasksDetails') return json({ Action: 'ListTasksDetailsResponse', RetCode: 0, TaskDetailList: [{ TaskUID: 'task-1', Status: status, ConsumeApiPoint: 6 }] });
      return undefined;
    });
    const balanceAsks = () => fetch.posted.filter((body) => body.Action === 'GetCreditBalance').length;
    const { app } = await renderApp({ jobs: [placedJob({ output: { width: 1080, height: 1080 }, imageCount: 1, consumeApiPoint: 3 })] }, fetch);
    await waitFor(() => expect(app.credits.value?.left).toBe(88));
    // One earlier 1080 x 1080 image cost 3: two variations of this 1080 x 1080 area cost about 6.
    app.updateForm({ prompt: 'marble', batchSize: 2 });
    await waitFor(() => expect(statusText()).toBe('about 6 credits'));
    app.updateForm({ batchSize: 1 });
    await waitFor(() => expect(statusText()).toBe('about 3 credits'));
    const beforeSubmit = balanceAsks();
    used = 18;
    await app.generateAsync();
    await waitFor(() => expect(app.credits.value?.left).toBe(82));
    expect(balanceAsks()).toBe(beforeSubmit + 1);
    // The task fails and PICPIK gives the credits back: the balance is read again when the job ends.
    used = 12;
    status = 'Failed';
    await waitFor(() => expect(app.jobs.value.find((job) => job.taskUid === 'task-1')?.state).toBe('failed'), { timeout: 8000 });
    await waitFor(() => expect(app.credits.value?.left).toBe(88));
    expect(balanceAsks()).toBe(beforeSubmit + 2);
    app.dispose();
  });

  it('says "1 credit" for one, and names running out of credits with its next step', async () => {
    const { app } = await renderApp(
      { jobs: [placedJob({ consumeApiPoint: 1 })] },
      relayFetch((body) => (body.Action === 'GenerateBackgrounds' ? json({ Action: 'GenerateBackgroundsResponse', RetCode: 290, Message: 'not enough credits' }) : undefined)),
    );
    app.showTab('Jobs');
    await waitFor(() => expect(screen.getByText(/· 1 credit$/)).toBeTruthy());
    app.showTab('Generate');
    app.updateForm({ prompt: 'marble' });
    await app.generateAsync();
    await waitFor(() => expect(app.jobs.value.find((job) => job.state === 'failed')?.error?.message).toBe(INSUFFICIENT_CREDITS_TEXT));
    app.dispose();
  });
});

const TWO_FRAMES: SelectionState = {
  layers: [
    ...LAYER_SELECTION.layers,
    {
      id: '2:2', name: 'Sneaker', type: 'RECTANGLE', pageId: '0:1', box: { x: 1400, y: 100, width: 300, height: 200 }, renderBox: { x: 1400, y: 100, width: 300, height: 200 },
      rotation: 0, frameAncestor: { id: '2:1', name: 'Banner', type: 'FRAME', box: { x: 1300, y: 0, width: 1200, height: 628 } }, usable: true,
    },
  ],
  groups: [
    ...LAYER_SELECTION.groups,
    { key: '2:1', layerIds: ['2:2'], frame: { id: '2:1', name: 'Banner', box: { x: 1300, y: 0, width: 1200, height: 628 } }, lowestLayerId: '2:2', hiddenBehind: { behind: [], bottom: [] } },
  ],
};

describe('several jobs selected', () => {
  it('shows a preview and the size line of each job, named by frame and layer', async () => {
    const { app } = await renderApp({ selection: TWO_FRAMES });
    await waitFor(() => expect(screen.getAllByRole('img', { name: /^Preview of/ })).toHaveLength(2), { timeout: 3000 });
    const captions = [...document.querySelectorAll('figcaption')].map((caption) => caption.textContent);
    expect(captions).toEqual(['Post · Bottle: Area 1080 x 1080 · Output 1080 x 1080 px', 'Banner · Sneaker: Area 1200 x 628 · Output 1200 x 632 px']);
    app.dispose();
  });
});

describe('jobs list', () => {
  it('keeps the real duration when a variation is chosen later (main stamps a newer updatedAt)', async () => {
    const { app, main } = await renderApp({ jobs: [placedJob()] });
    app.showTab('Jobs');
    const row = await screen.findByTestId('job-job-p');
    expect(row.querySelector('.job-elapsed')?.textContent).toBe('5s');
    expect(row.querySelector('.job-label')?.textContent).toBe('Banner · Sneaker');
    fireEvent.click(screen.getByRole('button', { name: 'Use variation 2' }));
    await waitFor(() => expect(app.jobs.value[0]?.visibleIndex).toBe(1));
    expect(main.jobs[0]!.updatedAt - main.jobs[0]!.createdAt).toBe(16_000);
    expect(screen.getByTestId('job-job-p').querySelector('.job-elapsed')?.textContent).toBe('5s');
    app.dispose();
  });

  it('shows placeholder tiles in the area\'s aspect with their stage while the job runs', async () => {
    const { app } = await renderApp({ jobs: [placedJob({ state: 'running', finishedAt: undefined, placedImages: [], placedNodeIds: [], visibleIndex: undefined })] });
    app.showTab('Jobs');
    const tiles = await screen.findAllByRole('img', { name: /^Variation \d: Generating$/ });
    expect(tiles).toHaveLength(2);
    expect((tiles[0] as HTMLElement).style.aspectRatio).toBe('1200 / 600');
    app.showTab('Generate');
    fireEvent.click(await screen.findByRole('button', { name: /Banner · Sneaker/ }));
    await waitFor(() => expect(app.tab.value).toBe('Jobs'));
    app.dispose();
  });

  it('"Reuse seed" sets Fixed, opens Advanced on the seed and says what it set', async () => {
    const { app } = await renderApp({ jobs: [placedJob()] });
    app.showTab('Jobs');
    fireEvent.click(await screen.findByRole('button', { name: 'Reuse seed' }));
    await waitFor(() => expect((screen.getByLabelText('Seed number') as HTMLInputElement).value).toBe('4242'));
    expect(app.advancedOpen.value).toBe(true);
    expect(screen.getByRole('status').textContent).toMatch(/^Seed 4242 set \(Fixed\)/);
    app.dispose();
  });
});
