// Limits failed authentications per client address, so guessing tokens (or a broken client
// hammering without one) is refused early and cheaply with 429, before any token is compared.
import { createRateLimiter, type RateDecision } from './rate-limiter';

/** Addresses whose limited refusals were already logged; beyond this many the set starts over. */
const MAX_REMEMBERED_ADDRESSES = 10_000;
/** Credentials that signed in lately; beyond this many the map starts over. */
const MAX_REMEMBERED_CREDENTIALS = 10_000;
/** How long a credential that signed in is not a guess: one refill of the failure budget. */
const SIGNED_IN_MEMORY_MS = 60_000;

export interface AuthFailureLimiter {
  /**
   * Whether this address may try `credential` (the Authorization header as sent) now. An attempt
   * counts as a failure until `settle` says it succeeded, so a burst of concurrent guesses is
   * limited as tightly as a sequence; but concurrent attempts with one credential are one guess
   * and count once, and a credential that signed in within the last minute is no guess at all
   * (a team behind one proxy shares an address). `log` is false for repeats not worth a log line.
   */
  check: (address: string, credential: string) => RateDecision & { log: boolean };
  /**
   * Ends the attempt `check` allowed: 'refused' stays counted; 'signed-in' and 'undecided' (a
   * store fault, a rate limit: no verdict on the token) give back what it counted.
   */
  settle: (address: string, credential: string, outcome: 'signed-in' | 'refused' | 'undecided') => void;
}

export function createAuthFailureLimiter(failuresPerMinute: number, now: () => number): AuthFailureLimiter {
  const failures = createRateLimiter(failuresPerMinute, now);
  // One access-log line per address and block: a flood would otherwise cost a write per request.
  const loggedBlocks = new Set<string>();
  /** Attempts in progress by address and credential: how many, and whether one counted. */
  const inFlight = new Map<string, { attempts: number; counted: boolean }>();
  const signedIn = new Map<string, number>();
  const keyOf = (address: string, credential: string) => `${address}\n${credential}`;

  return {
    check(address, credential) {
      const key = keyOf(address, credential);
      const flying = inFlight.get(key);
      if (flying) {
        flying.attempts += 1;
        return { allowed: true, retryAfterSeconds: 0, log: true };
      }
      const lately = signedIn.get(credential);
      const known = lately !== undefined && now() - lately < SIGNED_IN_MEMORY_MS;
      const decision = known ? { allowed: true, retryAfterSeconds: 0 } : failures.take(address);
      if (decision.allowed) {
        loggedBlocks.delete(address);
        inFlight.set(key, { attempts: 1, counted: !known });
        return { ...decision, log: true };
      }
      const log = !loggedBlocks.has(address);
      if (log) {
        if (loggedBlocks.size >= MAX_REMEMBERED_ADDRESSES) loggedBlocks.clear();
        loggedBlocks.add(address);
      }
      return { ...decision, log };
    },
    settle(address, credential, outcome) {
      const key = keyOf(address, credential);
      const flying = inFlight.get(key);
      if (!flying) return;
      if (outcome !== 'refused') {
        if (flying.counted) failures.giveBack(address);
        flying.counted = false;
      }
      if (outcome === 'signed-in') {
        if (signedIn.size >= MAX_REMEMBERED_CREDENTIALS) signedIn.clear();
        signedIn.set(credential, now());
      }
      flying.attempts -= 1;
      if (flying.attempts === 0) inFlight.delete(key);
    },
  };
}
