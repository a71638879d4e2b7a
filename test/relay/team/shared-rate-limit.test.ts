// The shared token bucket: a burst of the per-minute budget, then a wait that the next refill
// explains, counted in the store so two limiters on one store (two replicas) share it.
import { afterEach, describe, expect, it } from 'vitest';
import { openRelayStoreAsync } from '../../../src/relay/store/open-relay-store';
import type { RelayStore } from '../../../src/relay/store/relay-store';
import { createSharedRateLimit } from '../../../src/relay/team/shared-rate-limit';

let store: RelayStore | undefined;
afterEach(async () => {
  await store?.closeAsync();
  store = undefined;
});

describe('shared rate limit', () => {
  it('allows a burst of the per-minute budget across two replicas, then tells how long to wait', async () => {
    store = await openRelayStoreAsync({ databaseUrl: undefined, dataDir: ':memory:' });
    let now = 1_000_000;
    const replicaA = createSharedRateLimit(store, 4, () => now);
    const replicaB = createSharedRateLimit(store, 4, () => now);
    const decisions = [];
    for (const limiter of [replicaA, replicaB, replicaA, replicaB, replicaA]) decisions.push(await limiter.takeAsync('maya'));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, true, false]);
    // 4 a minute: one token every 15 s.
    expect(decisions[4]?.retryAfterSeconds).toBe(15);
    expect((await replicaB.takeAsync('omar')).allowed).toBe(true);
    now += 15_000;
    expect(await replicaB.takeAsync('maya')).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect((await replicaA.takeAsync('maya')).allowed).toBe(false);
  });

  it('refills nothing for a replica whose clock lags', async () => {
    store = await openRelayStoreAsync({ databaseUrl: undefined, dataDir: ':memory:' });
    let now = 2_000_000;
    const ahead = createSharedRateLimit(store, 1, () => now);
    const behind = createSharedRateLimit(store, 1, () => now - 30_000);
    expect((await ahead.takeAsync('maya')).allowed).toBe(true);
    expect((await behind.takeAsync('maya')).allowed).toBe(false);
    // Its clock reaches 30 s past the last draw: half a token, still refused...
    now += 60_000;
    expect((await behind.takeAsync('maya')).allowed).toBe(false);
    // ...and a full minute past it: allowed.
    now += 30_000;
    expect((await behind.takeAsync('maya')).allowed).toBe(true);
  });
});
