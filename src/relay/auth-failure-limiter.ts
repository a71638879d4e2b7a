// Limits failed authentications per client address, so guessing tokens (or a broken client
// hammering without one) is refused early and cheaply with 429, before any token is compared.
import { createRateLimiter, type RateDecision } from './rate-limiter';

/** Addresses whose limited refusals were already logged; beyond this many the set starts over. */
const MAX_REMEMBERED_ADDRESSES = 10_000;

export interface AuthFailureLimiter {
  /**
   * Whether this address may try to authenticate now; when it may, the attempt counts as a
   * failure until `succeeded` says otherwise, so a burst of concurrent guesses is limited as
   * tightly as a sequence. `log` is false for repeats not worth a log line.
   */
  check: (address: string) => RateDecision & { log: boolean };
  /** Gives back the attempt `check` counted: the request authenticated. */
  succeeded: (address: string) => void;
}

export function createAuthFailureLimiter(failuresPerMinute: number, now: () => number): AuthFailureLimiter {
  const failures = createRateLimiter(failuresPerMinute, now);
  // One access-log line per address and block: a flood would otherwise cost a write per request.
  const loggedBlocks = new Set<string>();
  return {
    check(address) {
      const decision = failures.take(address);
      if (decision.allowed) {
        loggedBlocks.delete(address);
        return { ...decision, log: true };
      }
      const log = !loggedBlocks.has(address);
      if (log) {
        if (loggedBlocks.size >= MAX_REMEMBERED_ADDRESSES) loggedBlocks.clear();
        loggedBlocks.add(address);
      }
      return { ...decision, log };
    },
    succeeded(address) {
      failures.giveBack(address);
    },
  };
}
