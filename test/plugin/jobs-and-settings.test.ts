// Jobs survive the plugin closing (clientStorage, versioned, validated, expired after 24 h),
// placement stays idempotent across restarts, and settings / team relay URL persist.
import { describe, expect, it } from 'vitest';
import { createMemoryClientStorage } from '../../src/figma-standin/index';
import { JOBS_STORAGE_KEY, MAX_STORED_JOBS } from '../../src/plugin/job-store';
import { startPlugin } from '../../src/plugin/start-plugin';
import { createUiChannel } from '../../src/protocol/ui-channel';
import type { JobRecord } from '../../src/protocol/shapes';
import { childNames, frame, jobFor, openSessionAsync, rectangle, solidPngAsync } from './plugin-session';
import type { TestSession } from './plugin-session';
import { RELAY_NEEDS_HTTPS_TEXT, RELAY_URL_FORMAT_TEXT, TEAM_RELAY_ON_THIS_COMPUTER_TEXT } from '../../src/protocol/relay-url-rule';

const HOUR = 60 * 60 * 1000;

async function postSessionAsync(clientStorage = createMemoryClientStorage(), command = '') {
  const ids: Record<string, string> = {};
  const session = await openSessionAsync({
    clientStorage,
    command,
    build: (figma) => {
      const post = frame(figma, figma.currentPage, 'Post', 0, 0, 400, 300);
      ids.product = rectangle(figma, post, 'Product', 100, 100, 120, 80).id;
      ids.post = post.id;
    },
  });
  const job = jobFor({ pageId: session.figma.currentPage.id, layerIds: [ids.product as string], lowestLayerId: ids.product as string, frameId: ids.post as string, area: { x: 0, y: 0, width: 400, height: 300 } }, session.clock.now);
  return { session, ids, job, clientStorage };
}

/** The designer closes and reopens the plugin in the same file: a new session on the same document. */
async function reopenPluginAsync(session: TestSession, now: number) {
  const plugin = startPlugin(session.figma, { now: () => now });
  const channel = createUiChannel((message) => session.standin.ui.postFromUi(message), { warn: () => undefined });
  session.standin.ui.onMainPost((message) => channel.receive(message));
  await plugin.ready;
  return channel;
}

describe('job persistence', () => {
  it('restores saved jobs in a new plugin session with the same clientStorage, without images', async () => {
    const { session, job, clientStorage } = await postSessionAsync();
    await session.channel.requestAsync('saveJob', { job: Object.assign({}, job, { state: 'running' as const }) });
    const stored = (await clientStorage.getAsync(JOBS_STORAGE_KEY)) as { version: number; jobs: JobRecord[] };
    expect(stored.version).toBe(1);
    expect(stored.jobs.map((j) => [j.id, j.state, j.taskUid])).toEqual([['job-1', 'running', 'task-1']]);
    const next = await openSessionAsync({ clientStorage, now: session.clock.now + HOUR });
    const init = await next.channel.requestAsync('init', {});
    expect(init.jobs).toEqual([Object.assign({}, job, { state: 'running' })]);
    expect(clientStorage.usedBytes()).toBeLessThan(5000);
  });

  it('marks unfinished jobs older than 24 h expired, and drops finished jobs older than 7 days', async () => {
    const clientStorage = createMemoryClientStorage();
    const start = Date.UTC(2025, 0, 1);
    const first = await openSessionAsync({ clientStorage, now: start });
    const base = jobFor({ pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2', area: { x: 0, y: 0, width: 100, height: 100 } }, start);
    await first.channel.requestAsync('saveJob', { job: Object.assign({}, base, { id: 'open-old', state: 'queued' as const }) });
    await first.channel.requestAsync('saveJob', { job: Object.assign({}, base, { id: 'placed-old', state: 'placed' as const }) });
    const later = await openSessionAsync({ clientStorage, now: start + 25 * HOUR });
    const init = await later.channel.requestAsync('init', {});
    expect(init.jobs.map((j) => [j.id, j.state])).toEqual(
      expect.arrayContaining([
        ['open-old', 'expired'],
        ['placed-old', 'placed'],
      ]),
    );
    expect(later.events.find((event) => event.name === 'jobsChanged')?.payload).toMatchObject({ jobs: expect.arrayContaining([expect.objectContaining({ id: 'open-old', state: 'expired' })]) });
    const muchLater = await openSessionAsync({ clientStorage, now: start + 9 * 24 * HOUR });
    expect((await muchLater.channel.requestAsync('init', {})).jobs).toEqual([]);
  });

  it('starts clean on malformed stored data and drops only the bad entries', async () => {
    const clientStorage = createMemoryClientStorage();
    await clientStorage.setAsync(JOBS_STORAGE_KEY, 'garbage');
    const one = await openSessionAsync({ clientStorage });
    expect((await one.channel.requestAsync('init', {})).jobs).toEqual([]);
    const good = jobFor({ pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2', area: { x: 0, y: 0, width: 100, height: 100 } }, one.clock.now);
    await clientStorage.setAsync(JOBS_STORAGE_KEY, { version: 1, jobs: [good, { id: 'half a job' }] });
    const two = await openSessionAsync({ clientStorage });
    expect((await two.channel.requestAsync('init', {})).jobs.map((j) => j.id)).toEqual(['job-1']);
  });

  it(`keeps at most ${MAX_STORED_JOBS} jobs, the most recent`, async () => {
    const { session, job, clientStorage } = await postSessionAsync();
    for (let i = 0; i < MAX_STORED_JOBS + 5; i += 1) {
      await session.channel.requestAsync('saveJob', { job: Object.assign({}, job, { id: 'job-' + i, updatedAt: job.updatedAt + i }) });
    }
    const stored = (await clientStorage.getAsync(JOBS_STORAGE_KEY)) as { jobs: JobRecord[] };
    expect(stored.jobs).toHaveLength(MAX_STORED_JOBS);
    expect(stored.jobs.some((j) => j.id === 'job-0')).toBe(false);
    expect(clientStorage.usedBytes()).toBeLessThan(500_000);
  });

  it('removeJob forgets a job', async () => {
    const { session, job } = await postSessionAsync();
    await session.channel.requestAsync('saveJob', { job });
    await session.channel.requestAsync('removeJob', { jobId: job.id });
    expect(session.plugin.jobs.list()).toEqual([]);
  });
});

describe('idempotent placement', () => {
  it('after a restart that lost the job update, the same image is found by plugin data and not placed twice', async () => {
    const { session, ids, job, clientStorage } = await postSessionAsync();
    await session.channel.requestAsync('saveJob', { job });
    const png = await solidPngAsync(800, 600);
    const first = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png, seed: 1 });
    // The plugin closed before the placement reached storage: the stored job still says nothing placed.
    await clientStorage.setAsync(JOBS_STORAGE_KEY, { version: 1, jobs: [job] });
    const channel = await reopenPluginAsync(session, session.clock.now + HOUR);
    const init = await channel.requestAsync('init', {});
    expect(init.jobs[0]?.placedImages).toEqual([]);
    const again = await channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png, seed: 1 });
    expect(again).toMatchObject({ nodeId: first.nodeId, alreadyPlaced: true });
    expect(again.job.placedImages).toEqual([0]);
    const post = (await session.figma.getNodeByIdAsync(ids.post as string)) as FrameNode;
    expect(childNames(post).filter((name) => name.startsWith('Backdrop'))).toHaveLength(1);
    const second = await channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 1, png, seed: 2 });
    expect(second.alreadyPlaced).toBe(false);
    expect(second.job.state).toBe('placed');
  });

  it('an image placed and then deleted by the designer is not placed again', async () => {
    const { session, job } = await postSessionAsync();
    await session.channel.requestAsync('saveJob', { job });
    const png = await solidPngAsync(800, 600);
    const first = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png });
    ((await session.figma.getNodeByIdAsync(first.nodeId)) as FrameNode).remove();
    const again = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png });
    expect(again.alreadyPlaced).toBe(true);
  });

  it('a UI copy of the job that lags behind does not undo placements main recorded', async () => {
    const { session, job } = await postSessionAsync();
    await session.channel.requestAsync('saveJob', { job });
    await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png: await solidPngAsync(800, 600) });
    await session.channel.requestAsync('saveJob', { job: Object.assign({}, job, { state: 'downloading' as const }) });
    expect(session.plugin.jobs.get(job.id)).toMatchObject({ placedImages: [0], visibleIndex: 0 });
  });
});

describe('init, relaunch and notifications', () => {
  it('init returns the command and, for Regenerate, the stored request of the selected Backdrop frame', async () => {
    const { session, ids, job } = await postSessionAsync();
    await session.channel.requestAsync('saveJob', { job });
    const placed = await session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 0, png: await solidPngAsync(800, 600), seed: 99 });
    const frameNode = (await session.figma.getNodeByIdAsync(placed.nodeId)) as FrameNode;
    session.figma.currentPage.selection = [frameNode];
    // The designer pressed the frame's "Regenerate" relaunch button: the plugin starts with that command.
    const relaunched = Object.create(session.figma, { command: { value: 'regenerate' } }) as PluginAPI;
    const plugin = startPlugin(relaunched, { now: () => session.clock.now });
    await plugin.ready;
    const channel = createUiChannel((message) => session.standin.ui.postFromUi(message), { warn: () => undefined });
    session.standin.ui.onMainPost((message) => channel.receive(message));
    const init = await channel.requestAsync('init', {});
    expect(init.command).toBe('regenerate');
    expect(init.regenerate).toEqual({
      params: job.params,
      layerIds: [ids.product],
      area: job.area,
      areaSpec: job.areaSpec,
      placement: 'behind',
      resizeMode: job.resizeMode,
      output: job.output,
      label: job.label,
      sourceJobId: job.id,
    });
  });

  it('notifies when a job fails, and passes UI notifications on, cut to 100 characters', async () => {
    const { session, job } = await postSessionAsync();
    await session.channel.requestAsync('saveJob', { job });
    await session.channel.requestAsync('saveJob', { job: Object.assign({}, job, { state: 'failed' as const, error: { message: 'The relay is offline.' } }) });
    await session.channel.requestAsync('notify', { message: 'x'.repeat(150) });
    expect(session.standin.notifications[0]).toBe('Backdrop failed: The relay is offline.');
    expect(session.standin.notificationLog[0]?.options).toEqual({ error: true });
    expect(session.standin.notifications[1]).toHaveLength(100);
  });

  it('selectLayers selects and reveals; resize resizes the UI', async () => {
    const { session, ids } = await postSessionAsync();
    await session.channel.requestAsync('selectLayers', { ids: [ids.product as string, 'nope'] });
    expect(session.figma.currentPage.selection.map((node) => node.id)).toEqual([ids.product]);
    expect(session.standin.viewportCalls).toEqual([[ids.product]]);
    await session.channel.requestAsync('resize', { width: 400, height: 700 });
    expect(session.standin.ui.size).toEqual({ width: 400, height: 700 });
  });
});

describe('settings', () => {
  it('starts with defaults, merges saved fields, and survives a restart', async () => {
    const clientStorage = createMemoryClientStorage();
    const one = await openSessionAsync({ clientStorage });
    expect((await one.channel.requestAsync('init', {})).settings).toEqual({ relayUrl: 'http://localhost:8787', token: '' });
    await one.channel.requestAsync('saveSettings', { settings: { token: 'backdrop-demo-token', lastParams: { prompt: 'marble' } } });
    const saved = await one.channel.requestAsync('saveSettings', { settings: { relayUrl: 'https://relay.example.com' } });
    expect(saved.settings).toEqual({ relayUrl: 'https://relay.example.com', token: 'backdrop-demo-token', lastParams: { prompt: 'marble' } });
    const two = await openSessionAsync({ clientStorage });
    expect((await two.channel.requestAsync('init', {})).settings).toEqual(saved.settings);
  });

  it('rejects a relay URL that is not http(s) or is http:// on another computer, and falls back to defaults on bad stored data', async () => {
    const clientStorage = createMemoryClientStorage();
    await clientStorage.setAsync('backdrop.settings.v1', { relayUrl: 42 });
    const session = await openSessionAsync({ clientStorage });
    expect((await session.channel.requestAsync('init', {})).settings.relayUrl).toBe('http://localhost:8787');
    await expect(session.channel.requestAsync('saveSettings', { settings: { relayUrl: 'ftp://x' } })).rejects.toMatchObject({ message: RELAY_URL_FORMAT_TEXT });
    await expect(session.channel.requestAsync('saveTeamRelayUrl', { relayUrl: 'http://relay.team.example' })).rejects.toMatchObject({ message: RELAY_NEEDS_HTTPS_TEXT });
    // This computer's relay is no address for teammates, https or not.
    for (const relayUrl of ['http://localhost:8787', 'https://127.0.0.1:8443']) {
      await expect(session.channel.requestAsync('saveTeamRelayUrl', { relayUrl })).rejects.toMatchObject({ message: TEAM_RELAY_ON_THIS_COMPUTER_TEXT });
    }
    expect(session.figma.root.getSharedPluginData('backdrop', 'relayUrl')).toBe('');
  });

  it("keeps the team relay URL in the document's shared plugin data, never the token, and prefills it for teammates", async () => {
    const { session } = await postSessionAsync();
    await session.channel.requestAsync('saveSettings', { settings: { token: 'secret-token' } });
    await session.channel.requestAsync('saveTeamRelayUrl', { relayUrl: 'https://relay.team.example' });
    expect(session.figma.root.getSharedPluginData('backdrop', 'relayUrl')).toBe('https://relay.team.example');
    expect(session.figma.root.getSharedPluginDataKeys('backdrop')).toEqual(['relayUrl']);
    // A teammate: same document, their own empty clientStorage.
    const channel = await reopenPluginAsync(
      Object.assign({}, session, { figma: Object.assign(Object.create(session.figma) as PluginAPI, { clientStorage: createMemoryClientStorage() }) }),
      session.clock.now,
    );
    const init = await channel.requestAsync('init', {});
    expect(init.teamRelayUrl).toBe('https://relay.team.example');
    expect(init.settings).toEqual({ relayUrl: 'https://relay.team.example', token: '', teamRelayUrl: 'https://relay.team.example' });
  });
});

describe('malformed messages through the stand-in transport', () => {
  it('answer with an error and leave the session working', async () => {
    const { session } = await postSessionAsync();
    const replies: unknown[] = [];
    session.standin.ui.onMainPost((message) => replies.push(message));
    session.standin.ui.postFromUi({ kind: 'request', id: 'bad-1', name: 'placeImage', payload: { jobId: 1 } });
    session.standin.ui.postFromUi({ kind: 'request', id: 'bad-2', name: 'fly', payload: {} });
    session.standin.ui.postFromUi({ kind: 'request', name: 'notify', payload: { message: 'no id' } });
    session.standin.ui.postFromUi('just a string');
    await session.standin.flushAsync();
    await session.standin.flushAsync();
    expect(replies).toEqual([
      expect.objectContaining({ id: 'bad-1', ok: false }),
      expect.objectContaining({ id: 'bad-2', ok: false }),
    ]);
    await expect(session.channel.requestAsync('getSelection', {})).resolves.toMatchObject({ problem: 'Nothing selected' });
    expect(session.standin.notifications).toEqual([]);
  });

  it('placeImage for an unknown job or an image index past the count is an error', async () => {
    const { session, job } = await postSessionAsync();
    const png = await solidPngAsync(10, 10);
    await expect(session.channel.requestAsync('placeImage', { jobId: 'ghost', imageIndex: 0, png })).rejects.toMatchObject({ detail: 'placeImage: unknown job ghost' });
    await session.channel.requestAsync('saveJob', { job });
    await expect(session.channel.requestAsync('placeImage', { jobId: job.id, imageIndex: 2, png })).rejects.toMatchObject({ detail: 'placeImage: imageIndex 2 >= imageCount 2' });
  });
});
