// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from './render-testing';
import type { FetchLike } from '../../../ui/lib/relay-client';
import { LAYER_SELECTION } from './fake-channel';
import { chooseOption, json, relayFetch, renderApp } from './render-app';

afterEach(() => cleanup());

describe('App', () => {
  it('gives every control its accessible name', async () => {
    const { app } = await renderApp();
    // The first screen: what most runs need, and the footer.
    for (const name of ['Prompt', 'Area', 'Variations']) expect(screen.getByLabelText(name), name).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Generate' })).toBeTruthy();
    expect(screen.queryByLabelText('Steps')).toBeNull();
    // Everything else under Advanced, in plain words with the PICPIK term as the tooltip.
    fireEvent.click(screen.getByRole('button', { name: 'Advanced', expanded: false }));
    await waitFor(() => expect(screen.getByLabelText('Steps')).toBeTruthy());
    for (const name of ['Avoid', 'Width', 'Height', 'Steps', 'Model', 'Fit: stretch / crop / fill', 'Background reference']) {
      expect(screen.getByLabelText(name), name).toBeTruthy();
    }
    expect(screen.getByText('Fit: stretch / crop / fill').getAttribute('title')).toBe('ResizeMode: JustResize / CropAndResize / ResizeAndFill');
    expect(screen.getByText("Use the model's own colour decoder").getAttribute('title')).toBe('UseMainModelVAE');
    expect(app.advancedOpen.value).toBe(true);
    app.updateForm({ referenceSource: 'file' });
    await waitFor(() => expect(screen.getByLabelText('Reference strength')).toBeTruthy());
    const tabs = screen.getAllByRole('tab').map((tab) => tab.textContent);
    expect(tabs).toEqual(['Generate', 'Jobs', 'Settings']);
    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    await waitFor(() => expect(screen.getByLabelText('Relay URL')).toBeTruthy());
    expect(screen.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Settings' }), { key: 'ArrowLeft' });
    await waitFor(() => expect(app.tab.value).toBe('Jobs'));
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Jobs' }), { key: 'ArrowRight' });
    await waitFor(() => expect(screen.getByLabelText('Relay URL')).toBeTruthy());
    expect(screen.getByLabelText('Access token')).toBeTruthy();
    expect((screen.getByLabelText('Access token') as HTMLInputElement).type).toBe('password');
    expect(screen.getByRole('button', { name: 'Test connection' })).toBeTruthy();
    app.dispose();
  });

  it('defaults the area to the frame and shows the output size of the area at 1x', async () => {
    const { app } = await renderApp();
    expect(app.form.value.areaKind).toBe('frame');
    expect(screen.getByLabelText('Area').getAttribute('data-value')).toBe('frame');
    app.setAdvancedOpen(true);
    await waitFor(() => expect((screen.getByLabelText('Width') as HTMLInputElement).value).toBe('1080'));
    expect((screen.getByLabelText('Height') as HTMLInputElement).value).toBe('1080');
    await chooseOption('Area', 'Layer');
    expect(app.form.value.areaKind).toBe('layer');
    // Layer 200 x 400 + 25 % of its long side (100) on every side = 400 x 600, within limits.
    await waitFor(() => expect((screen.getByLabelText('Width') as HTMLInputElement).value).toBe('400'));
    expect((screen.getByLabelText('Height') as HTMLInputElement).value).toBe('600');
    // Without padding the long side (400) is raised to 512, with a note.
    app.updateForm({ padding: 0 });
    await waitFor(() => expect((screen.getByLabelText('Width') as HTMLInputElement).value).toBe('256'));
    expect((screen.getByLabelText('Height') as HTMLInputElement).value).toBe('512');
    expect(screen.getByText(/Long side raised from 400 to 512 px/)).toBeTruthy();
    app.dispose();
  });

  it('names the number still in use while a number field holds text, and puts it back when the field is left', async () => {
    const { app } = await renderApp();
    const variations = screen.getByLabelText('Variations') as HTMLInputElement;
    fireEvent.input(variations, { target: { value: '3' } });
    await waitFor(() => expect(app.form.value.batchSize).toBe(3));
    fireEvent.input(variations, { target: { value: '2.5' } });
    await waitFor(() => expect(screen.getByText(/Variations must be a whole number between 1 and 16 \(got 2.5\)/)).toBeTruthy());
    fireEvent.input(variations, { target: { value: 'abc' } });
    // The field's own line speaks of its text (the footer still counts the form's problem with 2.5).
    expect(variations.closest('.field')?.querySelector('.field-problem')?.textContent).toBe('Not a number: 2.5 is used');
    expect(variations.getAttribute('aria-invalid')).toBe('true');
    fireEvent.blur(variations);
    expect(variations.value).toBe('2.5');
    fireEvent.input(variations, { target: { value: '4' } });
    expect(screen.queryByText(/Not a number/)).toBeNull();
    expect(app.form.value.batchSize).toBe(4);
    app.dispose();
  });

  it('steps a number field with the arrow keys (Shift: ten) within its limits, and takes only plain decimals as numbers', async () => {
    const { app } = await renderApp();
    const variations = screen.getByLabelText('Variations') as HTMLInputElement;
    fireEvent.input(variations, { target: { value: '3' } });
    await waitFor(() => expect(app.form.value.batchSize).toBe(3));
    fireEvent.keyDown(variations, { key: 'ArrowUp' });
    await waitFor(() => expect([variations.value, app.form.value.batchSize]).toEqual(['4', 4]));
    // The arrows stop at the rule's ends (1 and 16): ten down from 4 is 1, up from 11 is 16.
    fireEvent.keyDown(variations, { key: 'ArrowDown', shiftKey: true });
    await waitFor(() => expect([variations.value, app.form.value.batchSize]).toEqual(['1', 1]));
    fireEvent.keyDown(variations, { key: 'ArrowDown' });
    expect(app.form.value.batchSize).toBe(1);
    fireEvent.keyDown(variations, { key: 'ArrowUp', shiftKey: true });
    await waitFor(() => expect(app.form.value.batchSize).toBe(11));
    fireEvent.keyDown(variations, { key: 'ArrowUp', shiftKey: true });
    await waitFor(() => expect([variations.value, app.form.value.batchSize]).toEqual(['16', 16]));
    // Typed past the end, the form's rule says so.
    fireEvent.input(variations, { target: { value: '40' } });
    await waitFor(() => expect(screen.getByText(/Variations must be a whole number between 1 and 16 \(got 40\)/)).toBeTruthy());
    // An arrow from there comes back inside.
    fireEvent.keyDown(variations, { key: 'ArrowDown' });
    await waitFor(() => expect([variations.value, app.form.value.batchSize]).toEqual(['16', 16]));
    fireEvent.input(variations, { target: { value: '2' } });
    for (const text of ['1e1', '0x10', 'Infinity', '2,5']) {
      fireEvent.input(variations, { target: { value: text } });
      expect(variations.closest('.field')?.querySelector('.field-problem')?.textContent).toBe('Not a number: 2 is used');
    }
    expect(app.form.value.batchSize).toBe(2);
    // From text that is not a number, the arrows step the number in use.
    fireEvent.keyDown(variations, { key: 'ArrowUp' });
    await waitFor(() => expect([variations.value, app.form.value.batchSize]).toEqual(['3', 3]));
    for (const [text, value] of [[' 5 ', 5], ['+6', 6], ['7.', 7], ['.5', 0.5]] as const) {
      fireEvent.input(variations, { target: { value: text } });
      expect(app.form.value.batchSize).toBe(value);
    }
    app.dispose();
  });

  it('steps a LoRA weight by tenths without float tails', async () => {
    const { app } = await renderApp();
    app.setAdvancedOpen(true);
    app.updateForm({ subModels: [{ kind: 'lora', modelCode: 'lora-1', weight: 0.2, triggerWords: '' }] });
    const weight = (await screen.findByLabelText('Weight 1')) as HTMLInputElement;
    fireEvent.keyDown(weight, { key: 'ArrowUp' });
    await waitFor(() => expect([weight.value, app.form.value.subModels[0]?.weight]).toEqual(['0.3', 0.3]));
    fireEvent.keyDown(weight, { key: 'ArrowUp', shiftKey: true });
    await waitFor(() => expect(weight.value).toBe('1.3'));
    fireEvent.keyDown(weight, { key: 'ArrowUp', shiftKey: true });
    await waitFor(() => expect(weight.value).toBe('2'));
    app.dispose();
  });

  it('shows field errors from the contract schema and sends nothing', async () => {
    const { app, fetch, main } = await renderApp();
    fireEvent.input(screen.getByLabelText('Variations'), { target: { value: '40' } });
    await waitFor(() => expect(screen.getByText(/Variations must be a whole number between 1 and 16/)).toBeTruthy());
    app.setAdvancedOpen(true);
    await waitFor(() => screen.getByLabelText('Width'));
    fireEvent.input(screen.getByLabelText('Width'), { target: { value: '3000' } });
    // Next to its field, in plain words, and counted on the disabled Generate.
    await waitFor(() => expect(screen.getByText(/Width must be a whole number between 64 and 2560/)).toBeTruthy());
    expect(screen.getByText(/Width must be a whole number/).closest('.field')?.querySelector('#' + CSS.escape(screen.getByLabelText('Width').id))).toBeTruthy();
    expect(document.getElementById('generate-status')?.textContent).toBe('Variations must be a whole number between 1 and 16 (got 40) · 2 problems to fix');
    expect((screen.getByRole('button', { name: 'Generate' }) as HTMLButtonElement).disabled).toBe(true);
    // The very action the Generate button (and Cmd/Ctrl+Enter) runs, awaited to its end: it stops at the field errors.
    await app.generateAsync();
    expect(app.generateProblems.value).toEqual(expect.arrayContaining([expect.stringMatching(/Variations must be a whole number between 1 and 16/)]));
    expect(fetch.posted.filter((body) => body.Action === 'GenerateBackgrounds')).toHaveLength(0);
    expect(main.requests.filter((request) => request.name === 'exportLayer' && (request.payload as { scale: number }).scale === 1)).toHaveLength(0);
    expect(main.requests.some((request) => request.name === 'saveSettings' && 'lastParams' in (request.payload as { settings: object }).settings)).toBe(false);
    expect(app.tab.value).toBe('Generate');
    app.dispose();
  });

  it('says what an output of another aspect than the area does, as Fit decides it', async () => {
    const { app } = await renderApp();
    app.updateForm({ sizeChoice: 'custom', customWidth: 1600, customHeight: 900 });
    const expected = {
      JustResize: 'the background is stretched to cover the area',
      CropAndResize: 'the layer is cropped to fill the output, so the background covers only part of the area',
      ResizeAndFill: 'the background reaches past the area on two sides, around the whole layer',
    } as const;
    for (const [resizeMode, note] of Object.entries(expected)) {
      app.updateForm({ resizeMode: resizeMode as keyof typeof expected });
      await waitFor(() => expect(screen.getByText(`The output aspect differs from the area: ${note}`)).toBeTruthy());
    }
    app.dispose();
  });

  it('names a fractional Width as a problem rather than rounding it silently, as Steps does', async () => {
    const { app } = await renderApp();
    app.setAdvancedOpen(true);
    await waitFor(() => screen.getByLabelText('Width'));
    fireEvent.input(screen.getByLabelText('Width'), { target: { value: '1000.5' } });
    await waitFor(() => expect(screen.getByText(/^Width must be a whole number/)).toBeTruthy());
    expect(screen.getByLabelText('Width').getAttribute('aria-invalid')).toBe('true');
    app.dispose();
  });

  it('puts a Height problem under Height, marked invalid there, and none under Width', async () => {
    const { app } = await renderApp();
    app.setAdvancedOpen(true);
    await waitFor(() => screen.getByLabelText('Height'));
    fireEvent.input(screen.getByLabelText('Height'), { target: { value: '99999' } });
    await waitFor(() => expect(screen.getByText(/^Height must be/)).toBeTruthy());
    expect(screen.getByText(/^Height must be/).closest('.field')?.contains(screen.getByLabelText('Height'))).toBe(true);
    expect(screen.getByLabelText('Height').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Width').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByLabelText('Width').closest('.field')?.querySelector('.field-problem')).toBeNull();
    app.dispose();
  });

  it('shows the first problem from the footer: a problem under a closed Advanced opens it and focuses the field; Variations is marked invalid', async () => {
    const { app } = await renderApp();
    app.setAdvancedOpen(true);
    await waitFor(() => screen.getByLabelText('Steps'));
    fireEvent.input(screen.getByLabelText('Steps'), { target: { value: '500' } });
    fireEvent.input(screen.getByLabelText('Variations'), { target: { value: '40' } });
    await waitFor(() => expect(screen.getByText(/Steps must be/)).toBeTruthy());
    expect(screen.getByLabelText('Variations').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Variations').getAttribute('aria-describedby')).toBe('generate-status');
    app.setAdvancedOpen(false);
    await waitFor(() => expect(screen.queryByLabelText('Steps')).toBeNull());
    // Nothing wrong in view but Variations: the footer's count shows the rest.
    fireEvent.click(screen.getByRole('button', { name: /2 problems to fix/ }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Steps')));
    expect(app.advancedOpen.value).toBe(true);
    app.dispose();
  });

  it('generates: exports, composes, posts the body, saves the job with its TaskUID and lists it', async () => {
    const fetch = relayFetch();
    const { app, main } = await renderApp({}, fetch);
    fireEvent.input(screen.getByLabelText('Prompt'), { target: { value: 'marble, soft light' } });
    fireEvent.keyDown(screen.getByLabelText('Prompt'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(main.jobs.some((job) => job.taskUid === 'task-1')).toBe(true));
    const body = fetch.posted.find((posted) => posted.Action === 'GenerateBackgrounds')!;
    expect(body).toMatchObject({ PositivePrompts: ['marble', 'soft light'], Width: 1080, Height: 1080, TransparentForeground: { ImageIndex: 0, ResizeMode: 'ResizeAndFill' } });
    expect(String((body.ImageList as string[])[0])).toMatch(/^data:image\/png;base64,/);
    const exports = main.requests.filter((request) => request.name === 'exportLayer' && (request.payload as { scale: number }).scale === 1);
    expect(exports).toHaveLength(1);
    const job = main.jobs[0]!;
    await waitFor(() => expect(screen.getByTestId(`job-${job.id}`).getAttribute('data-state')).toMatch(/queued|running/));
    expect(main.settings.lastParams?.prompt).toBe('marble, soft light');
    app.dispose();
  });

  it('keeps keyboard focus when Generate opens the Jobs tab: the prompt goes with its panel, focus moves to the Jobs tab', async () => {
    const { app, main } = await renderApp({}, relayFetch());
    const prompt = screen.getByLabelText('Prompt');
    prompt.focus();
    fireEvent.input(prompt, { target: { value: 'marble, soft light' } });
    fireEvent.keyDown(prompt, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(main.jobs.some((job) => job.taskUid === 'task-1')).toBe(true));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('tab', { name: /Jobs/ })));
    // A tab chosen by the designer keeps focus where they put it.
    const settings = screen.getByRole('tab', { name: /Settings/ });
    settings.focus();
    fireEvent.click(settings);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(document.activeElement).toBe(settings);
    // Cmd/Ctrl+Enter generates only where Generate is in view: not from a Settings field.
    const submitted = main.jobs.length;
    fireEvent.keyDown(await screen.findByLabelText('Relay URL'), { key: 'Enter', ctrlKey: true });
    fireEvent.keyDown(screen.getByLabelText('Relay URL'), { key: 'Enter', metaKey: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(main.jobs.length).toBe(submitted);
    app.dispose();
  });

  it('warns when the layer has no transparent pixels', async () => {
    const { app } = await renderApp({ opaque: true });
    await waitFor(() => expect(screen.getByText(/This layer has no transparent pixels: PICPIK needs a cut-out/)).toBeTruthy(), { timeout: 3000 });
    app.dispose();
  });

  it('names the layers a background would hide and offers to place at the bottom', async () => {
    const { app } = await renderApp({ hidden: [{ id: '1:9', name: 'Headline' }] });
    await waitFor(() => expect(screen.getByText(/would hide Headline/)).toBeTruthy(), { timeout: 3000 });
    fireEvent.click(screen.getByRole('button', { name: 'Place at bottom' }));
    expect(app.form.value.placement).toBe('bottom');
    app.dispose();
  });

  it('says before sending that a layer inside a main component puts the background in every instance, and offers placement outside it', async () => {
    const group = LAYER_SELECTION.groups[0]!;
    const selection = { ...LAYER_SELECTION, groups: [{ ...group, mainComponent: { id: '1:1', name: 'Card', variant: false } }] };
    const { app, main } = await renderApp({ selection });
    await waitFor(() => expect(screen.getByText(/Bottle is inside the main component Card: a background placed there appears in every instance/)).toBeTruthy(), { timeout: 3000 });
    fireEvent.click(screen.getByRole('button', { name: 'Place outside the component' }));
    expect(app.form.value.placement).toBe('outside');
    await waitFor(() => expect(screen.getByText(/goes behind Card, outside the component/)).toBeTruthy());
    expect(screen.queryByText(/appears in every instance/)).toBeNull();
    // The hidden-layers check runs for the placement actually chosen.
    await waitFor(() => expect(main.requests.some((request) => request.name === 'hiddenLayers' && (request.payload as { placement: string }).placement === 'outside')).toBe(true));
    app.dispose();
  });

  it('cancels an open job with TerminateTask', async () => {
    const fetch = relayFetch();
    const now = Date.now();
    const restored = {
      id: 'job-r', createdAt: now, updatedAt: now, state: 'running' as const, taskUid: 'task-r', pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
      frameId: '1:1', area: { x: 0, y: 0, width: 1080, height: 1080 }, areaSpec: { kind: 'frame' as const }, placement: 'behind' as const,
      output: { width: 1080, height: 1080 }, foreground: { width: 1080, height: 1080 }, resizeMode: 'ResizeAndFill' as const, params: {}, label: 'marble',
      imageCount: 1, placedImages: [], placedNodeIds: [],
    };
    const { app } = await renderApp({ jobs: [restored] }, fetch);
    app.showTab('Jobs');
    await waitFor(() => expect(screen.getByTestId('job-job-r').getAttribute('data-state')).toBe('running'));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.getByTestId('job-job-r').getAttribute('data-state')).toBe('cancelled'));
    expect(fetch.posted.find((body) => body.Action === 'TerminateTask')).toEqual({ Action: 'TerminateTask', TaskUID: 'task-r' });
    app.dispose();
  });

  it('settings: tests the connection (ok / token rejected) and saves through main', async () => {
    const fetch = relayFetch((body) => (body.Action === 'ListModels' && fetchState.reject ? json({ RetCode: 401, Message: 'no' }, 401) : undefined));
    const fetchState = { reject: false };
    const { app, main } = await renderApp({}, fetch);
    app.showTab('Settings');
    await waitFor(() => screen.getByLabelText('Relay URL'));
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(screen.getByText('Connected to the relay at localhost:8787 (0.1.0), which reaches PICPIK at emulator')).toBeTruthy());
    fetchState.reject = true;
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(screen.getByText(/Access token rejected/)).toBeTruthy());
    fireEvent.input(screen.getByLabelText('Relay URL'), { target: { value: 'https://relay.team:8787' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(main.settings.relayUrl).toBe('https://relay.team:8787'));
    fireEvent.click(screen.getByRole('button', { name: 'Save relay URL to this file for teammates' }));
    await waitFor(() => expect(main.requests.some((request) => request.name === 'saveTeamRelayUrl')).toBe(true));
    app.dispose();
  });

  it('shows the credit balance without an expiry when PICPIK leaves out ExpireTimestamp, and the expiry date when it sends one', async () => {
    const { app } = await renderApp();
    app.showTab('Jobs');
    await waitFor(() => expect(screen.getByText('Credits left: 88 of 100')).toBeTruthy());
    expect(screen.queryByText(/expire/)).toBeNull();
    app.dispose();
    cleanup();
    const withExpiry = relayFetch((body) =>
      body.Action === 'GetCreditBalance'
        ? json({ Action: 'GetCreditBalanceResponse', RetCode: 0, TotalCredits: 804000, UsedCredits: 4641, ExpireTimestamp: 1727331226 })
        : undefined,
    );
    const second = await renderApp({}, withExpiry);
    second.app.showTab('Jobs');
    await waitFor(() => expect(screen.getByText('Credits left: 799359 of 804000')).toBeTruthy());
    expect(screen.getByText('· expire 2024-09-26')).toBeTruthy();
    second.app.dispose();
  });

  it('jobs list: "Use this" asks main to show that variation, "Reuse seed" copies the seed to the form', async () => {
    const now = Date.now();
    const placed = {
      id: 'job-p', createdAt: now - 5000, updatedAt: now, state: 'placed' as const, taskUid: 'task-p', pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
      frameId: '1:1', area: { x: 0, y: 0, width: 1080, height: 1080 }, areaSpec: { kind: 'frame' as const }, placement: 'behind' as const,
      output: { width: 1080, height: 1080 }, foreground: { width: 1080, height: 1080 }, resizeMode: 'ResizeAndFill' as const, params: {}, label: 'beach',
      imageCount: 2, placedImages: [0, 1], placedNodeIds: ['n0', 'n1'], visibleIndex: 0, seed: 4242, consumeApiPoint: 3,
    };
    const { app, main } = await renderApp({ jobs: [placed] });
    app.showTab('Jobs');
    await waitFor(() => expect(screen.getByTestId('job-job-p').getAttribute('data-state')).toBe('placed'));
    expect(screen.getByText(/3 credits/)).toBeTruthy();
    await waitFor(() => expect(screen.getByText('Credits left: 88 of 100')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Use variation 2' }));
    await waitFor(() => expect(main.requests.find((request) => request.name === 'showVariation')?.payload).toEqual({ jobId: 'job-p', imageIndex: 1 }));
    fireEvent.click(screen.getByRole('button', { name: 'Reuse seed' }));
    expect(app.form.value).toMatchObject({ seedMode: 'fixed', seed: 4242 });
    expect(app.tab.value).toBe('Generate');
    app.dispose();
  });
});

describe('team relay usage', () => {
  it('shows the designer’s own usage under the balance and explains a 402 budget refusal', async () => {
    const base = relayFetch((body) =>
      body.Action === 'GenerateBackgrounds'
        ? json({ RetCode: 90402, Message: 'Your monthly budget of 1000 credits is used up (1000 used in 2026-12).' }, 402)
        : undefined,
    );
    const me = { name: 'maya', month: '2026-12', creditsUsed: 340, creditsBudget: 1000, tasks: 12 };
    const fetch = { ...base, fetch: (async (url, init) => (url.endsWith('/v1/me') ? json(me) : base.fetch(url, init))) as FetchLike };
    const { app, main } = await renderApp({}, fetch);
    app.showTab('Jobs');
    await waitFor(() => expect(screen.getByText('You: 340 of 1,000 credits this month')).toBeTruthy());
    expect(screen.getByText('Credits left: 88 of 100')).toBeTruthy();
    app.showTab('Generate');
    await waitFor(() => screen.getByLabelText('Prompt'));
    fireEvent.input(screen.getByLabelText('Prompt'), { target: { value: 'marble' } });
    await app.generateAsync();
    app.showTab('Jobs');
    await waitFor(() => expect(screen.getAllByText(/monthly credit budget on this team relay is used up, so nothing was sent to PICPIK/).length).toBeGreaterThan(0));
    expect(screen.getAllByText(/budget of 1000 credits is used up \(1000 used/).length).toBeGreaterThan(0);
    expect(main.jobs.every((job) => job.taskUid === undefined)).toBe(true);
    app.dispose();
  });
});
