// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import type { JobRecord } from '../../../src/protocol/shapes';
import type { SelectionState } from '../../../src/protocol/selection-shapes';
import type { UiChannel } from '../../../src/protocol/ui-channel';
import type { Timers } from '../../../ui/lib/poller';
import { createAppState } from '../../../ui/state/app-state';
import { createFakeMain, LAYER_SELECTION } from '../components/fake-channel';
import { relayFetch } from '../components/render-app';

/** Timers that only fire when the test says so, and tell how many are pending. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    setTimeout: (callback) => {
      next += 1;
      pending.set(next, callback);
      return next;
    },
    clearTimeout: (handle) => {
      pending.delete(handle as number);
    },
  };
  const runPending = () => {
    const due = [...pending.values()];
    pending.clear();
    due.forEach((callback) => callback());
  };
  return { timers, pending, runPending };
}

/** The channel with a count of the event listeners registered and not yet released. */
function countListeners(channel: UiChannel) {
  let listening = 0;
  const counted: UiChannel = {
    ...channel,
    onEvent: (name, handler) => {
      const release = channel.onEvent(name, handler);
      listening += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        listening -= 1;
        release();
      };
    },
  };
  return { channel: counted, listening: () => listening };
}

const NOTHING: SelectionState = { layers: [], groups: [], problem: 'Nothing selected' };

function runningJob(): JobRecord {
  const now = Date.now();
  return {
    id: 'job-r', createdAt: now, updatedAt: now, state: 'running', taskUid: 'task-r', pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
    frameId: '1:1', area: { x: 0, y: 0, width: 1080, height: 1080 }, areaSpec: { kind: 'frame' }, placement: 'behind',
    output: { width: 1080, height: 1080 }, foreground: { width: 1080, height: 1080 }, resizeMode: 'ResizeAndFill', params: {}, label: 'marble',
    imageCount: 1, placedImages: [], placedNodeIds: [],
  };
}

describe('createAppState dispose', () => {
  it('releases main’s event listeners, the poller and the preview timer: afterwards events and time change nothing', async () => {
    const main = createFakeMain({ jobs: [runningJob()] });
    const counted = countListeners(main.channel);
    const clock = manualTimers();
    const relay = relayFetch();
    const app = createAppState({ channel: counted.channel, fetch: relay.fetch, timers: clock.timers });
    await app.initAsync();
    expect(counted.listening()).toBe(2);
    // The poller's next tick and the preview's refresh are waiting.
    expect(clock.pending.size).toBeGreaterThan(0);
    main.emitSelection(NOTHING);
    expect(app.selection.value).toEqual(NOTHING);
    // What init asked the relay for has arrived: ListModels, GetCreditBalance and GET /v1/me.
    await vi.waitFor(() => expect(relay.posted).toHaveLength(3));

    app.dispose();
    expect(counted.listening()).toBe(0);
    expect(clock.pending.size).toBe(0);
    const posted = relay.posted.length;
    const requests = main.requests.length;
    main.emitSelection(LAYER_SELECTION);
    main.channel.receive({ kind: 'event', name: 'jobsChanged', payload: { jobs: [{ ...runningJob(), state: 'failed' }] } });
    clock.runPending();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(app.selection.value).toEqual(NOTHING);
    expect(app.jobs.value.map((job) => job.state)).toEqual(['running']);
    expect(clock.pending.size).toBe(0);
    console.log('POSTED', JSON.stringify(relay.posted.slice(posted)), JSON.stringify(relay.posted.slice(0, posted)));
    expect(relay.posted.length).toBe(posted);
    expect(main.requests.length).toBe(requests);
  });

  it('keeps polling when not disposed, so the check above can fail', async () => {
    const main = createFakeMain({ jobs: [runningJob()] });
    const clock = manualTimers();
    const relay = relayFetch();
    const app = createAppState({ channel: main.channel, fetch: relay.fetch, timers: clock.timers });
    await app.initAsync();
    main.channel.receive({ kind: 'event', name: 'jobsChanged', payload: { jobs: [{ ...runningJob(), state: 'failed' }] } });
    expect(app.jobs.value.map((job) => job.state)).toEqual(['failed']);
    clock.runPending();
    await vi.waitFor(() => expect(relay.posted.some((body) => body.Action === 'ListTasksDetails')).toBe(true));
    expect(main.requests.some((request) => request.name === 'hiddenLayers')).toBe(true);
    app.dispose();
  });
});
