// The per-designer rate limit as a token bucket kept in the store, so every replica draws on the
// same allowance: a burst of up to `perMinute` requests, refilled steadily, so a plugin polling
// every few seconds never meets the limit but a runaway loop does. One atomic upsert a request.
import type { RelayStore } from '../store/relay-store';

const FULL_AFTER_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one more request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

export function createSharedRateLimit(store: RelayStore, perMinute: number, now: () => number) {
  const perMs = perMinute / FULL_AFTER_MS;
  let lastPrune = now();
  return {
    async takeAsync(key: string): Promise<RateDecision> {
      const at = now();
      if (at - lastPrune >= FULL_AFTER_MS) {
        lastPrune = at;
        store.pruneRateBucketsAsync(at - FULL_AFTER_MS).catch(() => undefined);
      }
      const taken = await store.takeRateTokenAsync(key, at, perMinute, perMs);
      if (taken.allowed) return { allowed: true, retryAfterSeconds: 0 };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - taken.tokens) / perMs / 1000)) };
    },
  };
}
