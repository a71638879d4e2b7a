// The panel's real typed call over an in-memory transport: a test answers each action with the
// JSON a relay would send, and the answer is checked and typed as the relay's would be.
import { vi } from 'vitest';
import type { PicpikAction } from '../../../src/contract/picpik-actions';
import { ZOD_RESPONSE_CHECKS } from '../../../src/contract/zod-response-checks';
import { createRelayCall, type RelayCallOptions } from '../../../ui/lib/relay-call';

/** PICPIK's JSON for one action; throwing stands for a failed exchange (the error passes through). */
export type FakeAnswer = (action: PicpikAction, params: Record<string, unknown>, options: RelayCallOptions) => unknown;

export function fakeRelayCall(answer: FakeAnswer) {
  const sendAsync = vi.fn(async (action: PicpikAction, params: Record<string, unknown>, options: RelayCallOptions) => ({ status: 200, json: await answer(action, params, options) }));
  return { callAsync: createRelayCall({ sendAsync }, ZOD_RESPONSE_CHECKS), sendAsync };
}
