// The main dispatcher answers every request exactly once, with an error for anything malformed.
import { describe, expect, it, vi } from 'vitest';
import { createMainDispatcher, type RequestHandlers } from '../../src/protocol/main-dispatcher';
import type { MainToUiMessage } from '../../src/protocol/message-types';
import { ProtocolError } from '../../src/protocol/protocol-error';

function stubHandlers(overrides: Partial<RequestHandlers> = {}): RequestHandlers {
  const fail = () => {
    throw new Error('not under test');
  };
  const base = {
    init: fail,
    getSelection: () => ({ layers: [], groups: [], problem: 'Nothing selected' }),
    exportLayer: fail,
    hiddenLayers: fail,
    saveJob: fail,
    removeJob: () => ({ ok: true as const }),
    placeImage: fail,
    showVariation: fail,
    deleteUnusedVariations: fail,
    saveSettings: fail,
    saveTeamRelayUrl: fail,
    notify: () => ({ ok: true as const }),
    selectLayers: fail,
    resize: fail,
  } as unknown as RequestHandlers;
  return Object.assign(base, overrides);
}

function setup(overrides: Partial<RequestHandlers> = {}) {
  const posted: MainToUiMessage[] = [];
  const warnings: string[] = [];
  const dispatcher = createMainDispatcher(stubHandlers(overrides), (m) => posted.push(m), (w) => warnings.push(w));
  return { posted, warnings, dispatcher };
}

describe('createMainDispatcher', () => {
  it('replies with the handler result under the request id', async () => {
    const { posted, dispatcher } = setup();
    await dispatcher.dispatchAsync({ kind: 'request', id: 'a1', name: 'removeJob', payload: { jobId: 'j' } });
    expect(posted).toEqual([{ kind: 'reply', id: 'a1', ok: true, result: { ok: true } }]);
  });

  it.each([
    ['an unknown name', { kind: 'request', id: 'x', name: 'deleteEverything', payload: {} }, 'name: unknown request "deleteEverything"'],
    ['a wrong kind', { kind: 'event', id: 'x', name: 'notify', payload: {} }, 'kind: expected "request"'],
    ['a missing payload', { kind: 'request', id: 'x', name: 'removeJob' }, 'removeJob payload: expected object'],
    ['a wrong field type', { kind: 'request', id: 'x', name: 'removeJob', payload: { jobId: 7 } }, 'removeJob payload.jobId: expected string'],
    [
      'a nested wrong field',
      { kind: 'request', id: 'x', name: 'exportLayer', payload: { layerId: '1:2', area: { x: 0, y: 0, width: 'wide', height: 1 }, scale: 2 } },
      'exportLayer payload.area.width: expected number',
    ],
    [
      'a rule broken',
      { kind: 'request', id: 'x', name: 'exportLayer', payload: { layerId: '1:2', area: { x: 0, y: 0, width: 1, height: 1 }, scale: 0 } },
      'exportLayer payload.scale: must be more than 0',
    ],
    ['a png that is not bytes', { kind: 'request', id: 'x', name: 'placeImage', payload: { jobId: 'j', imageIndex: 0, png: [1, 2] } }, 'payload.png: expected a Uint8Array'],
  ])('answers %s with one error reply naming the field', async (_label, message, detail) => {
    const { posted, dispatcher } = setup();
    await dispatcher.dispatchAsync(message);
    expect(posted).toHaveLength(1);
    const reply = posted[0];
    expect(reply).toMatchObject({ kind: 'reply', id: 'x', ok: false });
    if (reply && reply.kind === 'reply' && !reply.ok) {
      expect(reply.error.message).toMatch(/could not read/);
      expect(reply.error.detail).toContain(detail);
    }
  });

  it.each([null, 42, 'text', [], { kind: 'request', name: 'notify', payload: { message: 'hi' } }, { id: '' }])(
    'drops %j (no id) with a warning and posts nothing',
    async (message) => {
      const { posted, warnings, dispatcher } = setup();
      await dispatcher.dispatchAsync(message);
      expect(posted).toEqual([]);
      expect(warnings).toHaveLength(1);
    },
  );

  it('turns a thrown ProtocolError into its message and detail, and other errors into a generic text', async () => {
    const { posted, dispatcher } = setup({
      removeJob: () => {
        throw new ProtocolError('Nope, designer.', 'dev detail');
      },
      notify: () => Promise.reject(new TypeError('x is undefined')),
    });
    await dispatcher.dispatchAsync({ kind: 'request', id: 'e1', name: 'removeJob', payload: { jobId: 'j' } });
    await dispatcher.dispatchAsync({ kind: 'request', id: 'e2', name: 'notify', payload: { message: 'm' } });
    expect(posted[0]).toEqual({ kind: 'reply', id: 'e1', ok: false, error: { message: 'Nope, designer.', detail: 'dev detail' } });
    expect(posted[1]).toMatchObject({ id: 'e2', ok: false, error: { message: 'Something went wrong in the plugin. Try again.', detail: 'TypeError: x is undefined' } });
  });

  it('still replies once when posting the result fails', async () => {
    const post = vi.fn((message: MainToUiMessage) => {
      if (message.kind === 'reply' && message.ok) throw new Error('DataCloneError');
    });
    const dispatcher = createMainDispatcher(stubHandlers(), post, () => undefined);
    await dispatcher.dispatchAsync({ kind: 'request', id: 'p', name: 'removeJob', payload: { jobId: 'j' } });
    expect(post).toHaveBeenCalledTimes(2);
    expect(post.mock.calls[1]?.[0]).toMatchObject({ id: 'p', ok: false });
  });

  it('emits events as fire-and-forget messages', () => {
    const { posted, dispatcher } = setup();
    dispatcher.emit('jobsChanged', { jobs: [] });
    expect(posted).toEqual([{ kind: 'event', name: 'jobsChanged', payload: { jobs: [] } }]);
  });
});
