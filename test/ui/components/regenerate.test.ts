// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { h } from '../../../ui/components/render';
import { cleanup, fireEvent, render, screen, waitFor } from './render-testing';
import { App } from '../../../ui/components/app';
import { createAppState, NOTHING_USABLE_TEXT, REFERENCE_NOT_REUSED_TEXT } from '../../../ui/state/app-state';
import type { FetchLike } from '../../../ui/lib/relay-client';
import type { SubModelEntry } from '../../../ui/lib/form-params';
import type { RegenerateSeed } from '../../../src/protocol/shapes';
import type { SelectionState } from '../../../src/protocol/selection-shapes';
import { createFakeMain, LAYER_SELECTION } from './fake-channel';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

function relayFetch() {
  const posted: Record<string, unknown>[] = [];
  let task = 0;
  const fetch: FetchLike = async (_url, init) => {
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    posted.push(body);
    if (body.Action === 'GenerateBackgrounds') return json({ Action: 'GenerateBackgroundsResponse', RetCode: 0, TaskUID: `task-${++task}` });
    if (body.Action === 'ListTasksDetails') return json({ Action: 'ListTasksDetailsResponse', RetCode: 0, TaskDetailList: [] });
    return json({ RetCode: 0, Action: `${String(body.Action)}Response` });
  };
  const generated = () => posted.filter((body) => body.Action === 'GenerateBackgrounds');
  return { fetch, posted, generated };
}

async function renderApp(options: Parameters<typeof createFakeMain>[0] = {}) {
  const main = createFakeMain(options);
  const relay = relayFetch();
  const app = createAppState({ channel: main.channel, fetch: relay.fetch });
  render(h(App, { app }));
  await app.initAsync();
  return { main, app, relay };
}

const POST_FRAME = { id: '1:1', name: 'Post', type: 'FRAME', box: { x: 0, y: 0, width: 1080, height: 1080 } };

/** What main reports when the Backdrop frame itself is selected (as after a relaunch). */
const BACKDROP_SELECTED: SelectionState = {
  layers: [
    {
      id: '9:1', name: 'Backdrop · marble', type: 'FRAME', pageId: '0:1', box: { x: 0, y: 0, width: 1080, height: 1080 },
      renderBox: { x: 0, y: 0, width: 1080, height: 1080 }, rotation: 0, frameAncestor: POST_FRAME, usable: false, reason: 'A Backdrop background',
    },
  ],
  groups: [],
  problem: 'No usable layer selected',
};

/** The bottle plus a second layer used as the reference image, in the same frame. */
const WITH_REFERENCE: SelectionState = {
  layers: [
    ...LAYER_SELECTION.layers,
    {
      id: '1:3', name: 'Texture', type: 'RECTANGLE', pageId: '0:1', box: { x: 600, y: 100, width: 300, height: 300 },
      renderBox: { x: 600, y: 100, width: 300, height: 300 }, rotation: 0, frameAncestor: POST_FRAME, usable: true,
    },
  ],
  groups: [{ ...LAYER_SELECTION.groups[0]!, layerIds: ['1:2', '1:3'] }],
};

const SUB_MODELS: SubModelEntry[] = [
  { kind: 'lora', modelCode: 'lora-gloss', weight: 0.7, triggerWords: 'glossy, wet' },
  { kind: 'embedding', modelCode: 'emb-film', name: 'Film look', weight: 1, triggerWords: '' },
  { kind: 'hypernetwork', modelCode: 'hyper-soft', weight: 1, triggerWords: '' },
];

const RELAUNCH: RegenerateSeed = {
  params: {
    MainModel: { ModelCode: 'PICPIK General', InferenceParams: { Steps: 20 } },
    SubModelList: [{ ModelCode: 'lora-gloss', TriggerWordList: ['glossy'], InferenceParams: { LoraWeight: 0.7 } }, { ModelCode: 'hyper-soft' }],
    PositivePrompts: ['marble', 'soft light'],
    NegativePrompts: ['blurry'],
    TranslatePrompts: false,
    Seed: 777,
    Width: 560,
    Height: 960,
    BatchSize: 2,
    UseMainModelVAE: true,
    TransparentForeground: { ImageIndex: 0, ResizeMode: 'CropAndResize' },
    formHints: { subModelKinds: ['lora', 'hypernetwork'] },
  },
  layerIds: ['1:2'],
  area: { x: 60, y: 60, width: 280, height: 480 },
  areaSpec: { kind: 'layer', padding: 10 },
  placement: 'bottom',
  resizeMode: 'CropAndResize',
  output: { width: 560, height: 960 },
  label: 'marble',
  sourceJobId: 'job-old',
};

afterEach(() => cleanup());

describe('Regenerate relaunch', () => {
  it('restores the form, selects the source layers, and sends one request with a new seed on Generate', async () => {
    const { app, main, relay } = await renderApp({ selection: BACKDROP_SELECTED, regenerate: RELAUNCH });
    expect(main.requests.filter((request) => request.name === 'selectLayers').map((request) => request.payload)).toEqual([{ ids: ['1:2'] }]);
    expect(app.form.value).toMatchObject({
      prompt: 'marble, soft light',
      negativePrompt: 'blurry',
      steps: 20,
      batchSize: 2,
      translatePrompts: false,
      useMainModelVAE: true,
      areaKind: 'layer',
      padding: 10,
      sizeChoice: 'custom',
      customWidth: 560,
      customHeight: 960,
      placement: 'bottom',
      resizeMode: 'CropAndResize',
      seedMode: 'random',
      seed: 777,
      subModels: [
        { kind: 'lora', modelCode: 'lora-gloss', weight: 0.7, triggerWords: 'glossy' },
        { kind: 'hypernetwork', modelCode: 'hyper-soft', weight: 1, triggerWords: '' },
      ],
    });
    expect(app.tab.value).toBe('Generate');
    await waitFor(() => expect(screen.getByText('Regenerating marble: press Generate')).toBeTruthy());
    // The relaunch itself sends nothing that costs credits.
    expect(relay.generated()).toHaveLength(0);

    // Main answers the selection request with a selection event.
    main.emitSelection(LAYER_SELECTION);
    expect(app.form.value.areaKind).toBe('layer');
    await waitFor(() => expect((screen.getByRole('button', { name: 'Generate' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(main.jobs.some((job) => job.taskUid === 'task-1')).toBe(true));
    expect(relay.generated()).toHaveLength(1);
    const body = relay.generated()[0]!;
    expect(body).toMatchObject({
      PositivePrompts: ['marble', 'soft light'],
      NegativePrompts: ['blurry'],
      SubModelList: RELAUNCH.params.SubModelList,
      MainModel: { ModelCode: 'PICPIK General', InferenceParams: { Steps: 20 } },
      Width: 560,
      Height: 960,
      BatchSize: 2,
      TranslatePrompts: false,
      UseMainModelVAE: true,
      TransparentForeground: { ImageIndex: 0, ResizeMode: 'CropAndResize' },
    });
    expect(typeof body.Seed).toBe('number');
    expect(body.Seed).not.toBe(777);
    expect(main.jobs[0]).toMatchObject({ placement: 'bottom', areaSpec: { kind: 'layer', padding: 10 }, area: { x: 60, y: 60, width: 280, height: 480 } });
    app.dispose();
  });

  it('selects the reference layer too and keeps it as the reference once selected', async () => {
    const seed: RegenerateSeed = {
      ...RELAUNCH,
      params: { ...RELAUNCH.params, BackgroundImage2Image: { ImageIndex: 1, ReferStrength: 0.35 }, formHints: { subModelKinds: ['lora', 'hypernetwork'], reference: { source: 'layer', layerId: '1:3' } } },
    };
    const { app, main } = await renderApp({ selection: BACKDROP_SELECTED, regenerate: seed });
    expect(main.requests.find((request) => request.name === 'selectLayers')?.payload).toEqual({ ids: ['1:2', '1:3'] });
    main.emitSelection(WITH_REFERENCE);
    expect(app.referenceLayerId.value).toBe('1:3');
    expect(app.form.value).toMatchObject({ referenceSource: 'layer', referStrength: 0.35 });
    expect(app.plannedJobs.value.map((job) => job.plan.layerIds)).toEqual([['1:2']]);
    app.dispose();
  });
});

describe('Jobs-tab Regenerate', () => {
  async function generateWithReferenceAsync() {
    const rendered = await renderApp({ selection: WITH_REFERENCE });
    const { app } = rendered;
    app.updateForm({ prompt: 'beach, sunset', negativePrompt: 'people', subModels: SUB_MODELS, referenceSource: 'layer', referStrength: 0.35, batchSize: 3, steps: 14 });
    app.setReferenceLayer('1:3');
    await app.generateAsync();
    expect(rendered.relay.generated()).toHaveLength(1);
    const job = app.jobs.value[0]!;
    expect(job.taskUid).toBe('task-1');
    // The form moves on: Regenerate must rebuild from the job, not from the form.
    app.updateForm({ prompt: 'forest', subModels: [], referenceSource: 'none', steps: 30 });
    return { ...rendered, job };
  }

  it('sends a body equal to the original except the seed, reference and sub-model kinds included', async () => {
    const { app, relay, job } = await generateWithReferenceAsync();
    await app.regenerateAsync(job);
    const [first, second] = relay.generated();
    expect(second).toBeDefined();
    expect(first!.BackgroundImage2Image).toEqual({ ImageIndex: 1, ReferStrength: 0.35 });
    expect((first!.ImageList as string[]).length).toBe(2);
    expect(first!.SubModelList).toEqual([{ ModelCode: 'lora-gloss', TriggerWordList: ['glossy', 'wet'], InferenceParams: { LoraWeight: 0.7 } }, { ModelCode: 'emb-film', Name: 'Film look' }, { ModelCode: 'hyper-soft' }]);
    expect({ ...second, Seed: 0 }).toEqual({ ...first, Seed: 0 });
    expect(second!.Seed).not.toBe(first!.Seed);
    const rerun = app.jobs.value[0]!;
    expect(rerun.id).not.toBe(job.id);
    expect(rerun.params.formHints).toEqual({ subModelKinds: ['lora', 'embedding', 'hypernetwork'], reference: { source: 'layer', layerId: '1:3' } });
    app.dispose();
  });

  it('says so instead of dropping a reference layer that can no longer be selected', async () => {
    const { app, main, relay, job } = await generateWithReferenceAsync();
    // The reference layer is gone: main's selection never contains it again.
    main.emitSelection(LAYER_SELECTION);
    await app.regenerateAsync(job);
    expect(relay.generated()).toHaveLength(1);
    expect(main.requests.filter((request) => request.name === 'selectLayers').map((request) => request.payload)).toEqual([{ ids: ['1:2', '1:3'] }, { ids: ['1:2'] }]);
    expect(app.jobNotes.value[job.id]).toBe(REFERENCE_NOT_REUSED_TEXT);
    expect(app.notice.value).toBe('Regenerating beach. Reference image not reused: choose it again, then press Generate');
    expect(app.tab.value).toBe('Generate');
    expect(app.form.value).toMatchObject({ prompt: 'beach, sunset', referenceSource: 'layer', referStrength: 0.35, steps: 14, batchSize: 3 });
    expect(app.form.value.subModels.map((entry) => entry.kind)).toEqual(['lora', 'embedding', 'hypernetwork']);
    // Generate now asks for the reference rather than sending without it.
    await app.generateAsync();
    expect(relay.generated()).toHaveLength(1);
    expect(app.generateProblems.value).toContain('Choose which selected layer is the reference, or set the reference to None');
    app.showTab('Jobs');
    await waitFor(() => expect(screen.getByTestId(`job-${job.id}`).textContent).toContain(REFERENCE_NOT_REUSED_TEXT));
    app.dispose();
  });
});

describe('Generate with nothing usable selected', () => {
  it('shows the problem inline and asks main for a toast', async () => {
    const { app, main, relay } = await renderApp({ selection: BACKDROP_SELECTED });
    await app.generateAsync();
    expect(app.generateProblems.value[0]).toBe('No usable layer selected');
    const notes = main.requests.filter((request) => request.name === 'notify');
    expect(notes.map((request) => request.payload)).toEqual([{ message: NOTHING_USABLE_TEXT }]);
    expect(NOTHING_USABLE_TEXT.length).toBeLessThanOrEqual(100);
    expect(relay.generated()).toHaveLength(0);
    expect(main.requests.some((request) => request.name === 'exportLayer')).toBe(false);
    app.dispose();
  });
});
