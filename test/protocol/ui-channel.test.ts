// The UI channel pairs replies with requests, validates what main sends, and times out.
import { describe, expect, it } from 'vitest';
import { EVENTS } from '../../src/protocol/events';
import { createMainDispatcher, type RequestHandlers } from '../../src/protocol/main-dispatcher';
import type { RequestMessage } from '../../src/protocol/message-types';
import { ProtocolError } from '../../src/protocol/protocol-error';
import { REQUEST_PAYLOADS } from '../../src/protocol/request-payloads';
import { REQUEST_RESULTS } from '../../src/protocol/request-results';
import { createUiChannel } from '../../src/protocol/ui-channel';

describe('createUiChannel', () => {
  it('round-trips a request through a main dispatcher and resolves with the validated result', async () => {
    const handlers = { removeJob: () => ({ ok: true }), notify: () => ({ ok: true }) } as unknown as RequestHandlers;
    const channel = createUiChannel((message) => void dispatcher.dispatchAsync(message));
    const dispatcher = createMainDispatcher(handlers, (message) => channel.receive(message));
    await expect(channel.requestAsync('removeJob', { jobId: 'j1' })).resolves.toEqual({ ok: true });
    await expect(channel.requestAsync('notify', { message: 'hello' })).resolves.toEqual({ ok: true });
  });

  it('rejects with the error message and detail of an error reply', async () => {
    const sent: RequestMessage[] = [];
    const channel = createUiChannel((message) => sent.push(message));
    const pending = channel.requestAsync('removeJob', { jobId: 'j1' });
    channel.receive({ kind: 'reply', id: sent[0]?.id, ok: false, error: { message: 'Gone.', detail: 'dev' } });
    await expect(pending).rejects.toMatchObject({ message: 'Gone.', detail: 'dev' });
  });

  it('rejects a result that does not match the schema, naming the field', async () => {
    const sent: RequestMessage[] = [];
    const channel = createUiChannel((message) => sent.push(message));
    const pending = channel.requestAsync('hiddenLayers', { layerIds: ['1:2'], area: { x: 0, y: 0, width: 1, height: 1 }, placement: 'behind' });
    channel.receive({ kind: 'reply', id: sent[0]?.id, ok: true, result: { hidden: [{ id: 3 }] } });
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).detail).toContain('result.hidden.0.id: expected string');
  });

  it('refuses to send a malformed payload', async () => {
    const sent: RequestMessage[] = [];
    const channel = createUiChannel((message) => sent.push(message));
    await expect(channel.requestAsync('removeJob', { jobId: 5 } as unknown as { jobId: string })).rejects.toBeInstanceOf(ProtocolError);
    expect(sent).toEqual([]);
  });

  it('times out a request main never answers', async () => {
    const channel = createUiChannel(() => undefined);
    await expect(channel.requestAsync('notify', { message: 'x' }, { timeoutMs: 20 })).rejects.toMatchObject({ detail: 'notify timed out after 20 ms' });
  });

  it('delivers valid events to their listeners, drops malformed ones, and unsubscribes', () => {
    const warnings: string[] = [];
    const channel = createUiChannel(() => undefined, { warn: (w) => warnings.push(w) });
    const seen: number[] = [];
    const off = channel.onEvent('jobsChanged', (payload) => seen.push(payload.jobs.length));
    channel.receive({ kind: 'event', name: 'jobsChanged', payload: { jobs: [] } });
    channel.receive({ kind: 'event', name: 'jobsChanged', payload: { jobs: 'no' } });
    channel.receive({ kind: 'event', name: 'nope', payload: {} });
    off();
    channel.receive({ kind: 'event', name: 'jobsChanged', payload: { jobs: [] } });
    expect(seen).toEqual([0]);
    expect(warnings).toHaveLength(2);
  });

  it('exposes payload and result schemas for every request, and every event', () => {
    const requests = ['deleteUnusedVariations', 'exportLayer', 'frameThumbnail', 'getSelection', 'hiddenLayers', 'init', 'notify', 'placeImage', 'removeJob', 'resize', 'saveJob', 'saveSettings', 'saveTeamRelayUrl', 'selectLayers', 'showVariation'].sort();
    expect(Object.keys(REQUEST_PAYLOADS).sort()).toEqual(requests);
    expect(Object.keys(REQUEST_RESULTS).sort()).toEqual(requests);
    for (const schema of [...Object.values(REQUEST_PAYLOADS), ...Object.values(REQUEST_RESULTS)]) {
      expect(typeof schema.safeParse).toBe('function');
    }
    expect(Object.keys(EVENTS).sort()).toEqual(['jobsChanged', 'selectionChanged']);
  });
});
