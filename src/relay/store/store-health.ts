// Whether the store answers, for GET /healthz. The route needs no token, so its answer is kept
// for a moment and concurrent probes share one ping: a flood of health checks (or a load
// balancer probing every replica) costs the shared store at most one query a second per replica.
import type { RelayStore } from './relay-store';

export const STORE_HEALTH_TTL_MS = 1000;

export interface StoreHealth {
  kind: string;
  reachable: boolean;
}

export function createStoreHealth(storeReady: Promise<RelayStore>, now: () => number, ttlMs = STORE_HEALTH_TTL_MS): () => Promise<StoreHealth> {
  let last: { at: number; health: Promise<StoreHealth> } | undefined;
  return () => {
    const at = now();
    if (!last || at - last.at >= ttlMs) {
      const health = storeReady.then(
        async (store) => ({ kind: store.kind, reachable: await store.pingAsync().then(() => true, () => false) }),
        () => ({ kind: 'unknown', reachable: false }),
      );
      last = { at, health };
    }
    return last.health;
  };
}
