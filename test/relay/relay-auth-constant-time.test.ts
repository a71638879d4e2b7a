// The app checks tokens through constantTimeEqual (spied here), never with `===`.
import { describe, expect, it, vi } from 'vitest';

const spy = vi.hoisted(() => ({ calls: [] as [string, string][] }));

vi.mock('../../src/relay/bearer-auth', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/relay/bearer-auth')>();
  return {
    ...original,
    constantTimeEqual: (a: string, b: string) => {
      spy.calls.push([a, b]);
      return original.constantTimeEqual(a, b);
    },
  };
});

const { createRelayApp } = await import('../../src/relay/app');
const { ALICE_TOKEN, BOB_TOKEN, makeRelayConfig } = await import('./relay-fixtures');

describe('token comparison in the app', () => {
  it('compares the presented token against every configured token with constantTimeEqual', async () => {
    const app = createRelayApp(makeRelayConfig(), { log: () => undefined, fetch: async () => new Response('{}') });
    const res = await app.request('/v1/tasks/t/images/0', { headers: { authorization: 'Bearer wrong-token-123' } });
    expect(res.status).toBe(401);
    expect(spy.calls).toEqual([
      ['wrong-token-123', ALICE_TOKEN],
      ['wrong-token-123', BOB_TOKEN],
    ]);
  });
});
