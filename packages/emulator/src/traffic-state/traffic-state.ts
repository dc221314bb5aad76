import {
  type Admission,
  RateLimiter,
  type RateLimitSnapshot,
  type RateLimits,
  type Share,
  ShareSelector,
} from '@tokenpace/core';

/**
 * The counters that make exact ratios and rate limits exact: which request of a share fails, and what each key
 * has spent. Answers may come at once (one process) or from the primary (several workers share one state).
 */
export interface TrafficState {
  /** Whether the next request counted under `key` is one of `share`'s (exact mode: every k-th). */
  selectExact(key: string, share: Share): boolean | Promise<boolean>;
  /** Admits a request of `tokens` tokens for `key`, spending them, or refuses it. */
  admit(key: string, tokens: number): Admission | Promise<Admission>;
  /** The limits' state for `key`, spending nothing. */
  peek(key: string): RateLimitSnapshot | Promise<RateLimitSnapshot>;
}

/** Never drawn from: exact mode only counts. */
const NO_RANDOM = (): number => {
  throw new Error('exact selection draws nothing');
};

/** The state held in this process, on its clock. */
export class LocalTrafficState implements TrafficState {
  readonly #selector = new ShareSelector(NO_RANDOM);
  readonly #limiter: RateLimiter;
  readonly #nowMs: () => number;

  constructor(limits: RateLimits, nowMs: () => number) {
    this.#limiter = new RateLimiter(limits);
    this.#nowMs = nowMs;
  }

  selectExact(key: string, share: Share): boolean {
    return this.#selector.select(key, share, 'exact');
  }

  admit(key: string, tokens: number): Admission {
    return this.#limiter.admit(key, tokens, this.#nowMs());
  }

  peek(key: string): RateLimitSnapshot {
    return this.#limiter.peek(key, this.#nowMs());
  }
}
