// Decides, request by request and task by task, which configured fault hits. A seeded PRNG makes
// the sequence reproducible; a rate of 0 never hits and a rate of 1 always does.
import { createSeededRandom, type RandomSource } from './seeded-random';
import { NO_FAULTS, type FaultConfig } from './fault-config';

/** Pseudo action name under which result image downloads can be targeted by faults. */
export const IMAGE_DOWNLOAD_ACTION = 'Image';

export class FaultInjector {
  private current: FaultConfig = NO_FAULTS;
  private random: RandomSource = createSeededRandom(NO_FAULTS.seed);
  private recentRequests: number[] = [];

  constructor(config: FaultConfig = NO_FAULTS) {
    this.configure(config);
  }

  get config(): FaultConfig {
    return this.current;
  }

  /** Replaces the whole fault configuration and restarts the PRNG and the rate-limit window. */
  configure(config: FaultConfig): void {
    this.current = config;
    this.random = createSeededRandom(config.seed);
    this.recentRequests = [];
  }

  /** Faults hit only the configured actions (all when the list is empty). */
  appliesTo(action: string): boolean {
    return this.current.actions.length === 0 || this.current.actions.includes(action);
  }

  /** One draw from the PRNG against `rate`; exact at 0 and 1 (no draw is consumed then). */
  hits(rate: number): boolean {
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    return this.random() < rate;
  }

  /**
   * Counts a request against the per-minute limit. Returns the seconds to wait when it is over
   * the limit, or 0 when the request may pass.
   */
  takeRateLimitSlot(now: number): number {
    const limit = this.current.rateLimitPerMin;
    if (limit <= 0) return 0;
    const windowStart = now - 60_000;
    while (this.recentRequests.length > 0 && (this.recentRequests[0] as number) <= windowStart) this.recentRequests.shift();
    if (this.recentRequests.length >= limit) {
      const oldest = this.recentRequests[0] as number;
      return Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000));
    }
    this.recentRequests.push(now);
    return 0;
  }
}
