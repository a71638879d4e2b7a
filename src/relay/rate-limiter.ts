// Per-token rate limiting as a token bucket: a burst of up to `perMinute` requests, refilled
// steadily, so a plugin polling every few seconds never meets the limit but a runaway loop does.

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one more request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface RateLimiter {
  take(key: string): RateDecision;
  /** Returns one request `take` allowed (never above the burst). */
  giveBack(key: string): void;
}

/** Buckets idle long enough to be full again are dropped, so memory stays bounded by active keys. */
export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = perMinute / 60_000;
  const fullAfterMs = 60_000;
  let lastSweep = now();

  function sweep(at: number): void {
    if (at - lastSweep < fullAfterMs) return;
    lastSweep = at;
    for (const [key, bucket] of buckets) if (at - bucket.updatedAt >= fullAfterMs) buckets.delete(key);
  }

  const decide = (tokens: number): RateDecision =>
    tokens >= 1 ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)) };

  return {
    take(key) {
      const at = now();
      sweep(at);
      const bucket = buckets.get(key) ?? { tokens: perMinute, updatedAt: at };
      bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, at - bucket.updatedAt) * refillPerMs);
      bucket.updatedAt = at;
      buckets.set(key, bucket);
      const decision = decide(bucket.tokens);
      if (decision.allowed) bucket.tokens -= 1;
      return decision;
    },
    giveBack(key) {
      const bucket = buckets.get(key);
      if (bucket) bucket.tokens = Math.min(perMinute, bucket.tokens + 1);
    },
  };
}
