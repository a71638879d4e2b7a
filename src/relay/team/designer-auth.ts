// Who a bearer token belongs to, from the store through a short-lived in-process cache: the
// common request costs no store round trip, and a revoked token stops working on every replica
// once its cache entry expires (AUTH_CACHE_TTL_MS, well inside the 5 s revocation bound).
import { bearerTokenOf } from '../bearer-auth';
import type { Designer, RelayStore } from '../store/relay-store';
import { hashTokenAsync } from './token-hash';

export const AUTH_CACHE_TTL_MS = 2000;
/** Bounds the cache against a flood of made-up tokens. */
const AUTH_CACHE_MAX_ENTRIES = 10_000;
/** last_used_at is written at most this often per designer and replica. */
const TOUCH_INTERVAL_MS = 60_000;
/**
 * The caller while the relay is open: the store has never held a designer (loopback only).
 * Revoked designers count, so revoking the last one closes the relay rather than opening it.
 */
export const ANONYMOUS_DESIGNER: Designer = { name: 'anonymous', source: 'env', createdAt: 0, lastUsedAt: null, budgetCredits: null, revokedAt: null };

type DesignerAuthResult = { ok: true; designer: Designer } | { ok: false; reason: 'missing' | 'malformed' | 'unknown' };

export interface DesignerAuth {
  authenticateAsync(authorization: string | null | undefined): Promise<DesignerAuthResult>;
}

interface CacheEntry {
  designer: Designer | undefined;
  expiresAt: number;
}

export function createDesignerAuth(store: RelayStore, now: () => number, ttlMs = AUTH_CACHE_TTL_MS): DesignerAuth {
  // Keyed by the presented token, so a cached request skips hashing (Web Crypto digests are
  // asynchronous, a thread-pool round trip); it lives only in this process's memory, as the
  // token in each request already does, and only the hash ever reaches the store.
  const byToken = new Map<string, CacheEntry>();
  const touchedAt = new Map<string, number>();
  let open: { value: boolean; expiresAt: number } | undefined;

  async function isOpenAsync(at: number): Promise<boolean> {
    // Designers are never deleted, so a closed relay stays closed without asking again.
    if (open?.value === false) return false;
    if (!open || open.expiresAt <= at) open = { value: (await store.countDesignersAsync()) === 0, expiresAt: at + ttlMs };
    return open.value;
  }

  /** One store lookup per token at a time: concurrent requests with it wait for the same answer. */
  const pending = new Map<string, Promise<CacheEntry>>();
  function lookUpAsync(token: string, at: number): Promise<CacheEntry> {
    let lookup = pending.get(token);
    if (!lookup) {
      lookup = (async () => {
        const designer = await store.designerByTokenHashAsync(await hashTokenAsync(token));
        const entry = { designer, expiresAt: at + ttlMs };
        if (byToken.size >= AUTH_CACHE_MAX_ENTRIES) byToken.clear();
        byToken.set(token, entry);
        return entry;
      })().finally(() => pending.delete(token));
      pending.set(token, lookup);
    }
    return lookup;
  }

  function touch(designer: Designer, at: number): void {
    if (at - (touchedAt.get(designer.name) ?? -Infinity) < TOUCH_INTERVAL_MS) return;
    touchedAt.set(designer.name, at);
    // Best effort: "last used" is informational and never worth failing a request over.
    store.touchDesignerAsync(designer.name, at).catch(() => undefined);
  }

  return {
    async authenticateAsync(authorization) {
      const at = now();
      const presented = bearerTokenOf(authorization);
      if (!presented.ok) {
        if (await isOpenAsync(at)) return { ok: true, designer: ANONYMOUS_DESIGNER };
        return presented;
      }
      let entry = byToken.get(presented.token);
      if (!entry || entry.expiresAt <= at) entry = await lookUpAsync(presented.token, at);
      if (!entry.designer) {
        if (await isOpenAsync(at)) return { ok: true, designer: ANONYMOUS_DESIGNER };
        return { ok: false, reason: 'unknown' };
      }
      touch(entry.designer, at);
      return { ok: true, designer: entry.designer };
    },
  };
}
