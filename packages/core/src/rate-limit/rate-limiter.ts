import { type LimitState, TokenBucket } from './token-bucket.js';

/** Limits per minute; 0 leaves that dimension unlimited. */
export interface RateLimits {
  requestsPerMinute: number;
  tokensPerMinute: number;
}

export type LimitName = 'requests' | 'tokens';

/** Both limits of one key as the headers report them; null where no limit is configured. */
export interface RateLimitSnapshot {
  requests: LimitState | null;
  tokens: LimitState | null;
}

export type Admission =
  | { readonly admitted: true; readonly snapshot: RateLimitSnapshot }
  | {
      readonly admitted: false;
      /** The limit that refused the request (requests are checked first, as they are cheaper to wait for). */
      readonly limit: LimitName;
      /** Capacity per minute of that limit. */
      readonly limitValue: number;
      /** Units in use now (limit − remaining). */
      readonly used: number;
      /** Units the request asked for (1 for requests). */
      readonly requested: number;
      /** Time until the request would be admitted; null when it never can be (it exceeds the limit itself). */
      readonly retryAfterMs: number | null;
      readonly snapshot: RateLimitSnapshot;
    };

export const RATE_LIMIT_WINDOW_MS = 60_000;
/** Keys tracked at most; full buckets are dropped first (they hold no state), then the least recently used. */
export const DEFAULT_MAX_RATE_LIMIT_KEYS = 10_000;

interface KeyBuckets {
  requests: TokenBucket | null;
  tokens: TokenBucket | null;
}

/**
 * Requests-per-minute and tokens-per-minute limits per key (an API key, or one key for a global limit), each
 * a continuously refilling token bucket. A refused request spends nothing. Time is injected.
 */
export class RateLimiter {
  readonly limits: RateLimits;
  readonly #maxKeys: number;
  readonly #keys = new Map<string, KeyBuckets>();

  constructor(limits: RateLimits, maxKeys = DEFAULT_MAX_RATE_LIMIT_KEYS) {
    this.limits = limits;
    this.#maxKeys = maxKeys;
  }

  get enabled(): boolean {
    return this.limits.requestsPerMinute > 0 || this.limits.tokensPerMinute > 0;
  }

  /** Keys currently tracked. */
  get keyCount(): number {
    return this.#keys.size;
  }

  /** Admits one request of `tokens` tokens for `key` and spends it, or refuses it and says why. */
  admit(key: string, tokens: number, nowMs: number): Admission {
    const buckets = this.#buckets(key, nowMs);
    const checks: [LimitName, TokenBucket | null, number][] = [
      ['requests', buckets.requests, 1],
      ['tokens', buckets.tokens, tokens],
    ];
    for (const [limit, bucket, requested] of checks) {
      if (bucket === null) continue;
      const waitMs = bucket.waitMs(requested, nowMs);
      if (waitMs > 0) {
        const state = bucket.state(nowMs);
        return {
          admitted: false,
          limit,
          limitValue: bucket.capacity,
          used: bucket.capacity - state.remaining,
          requested,
          retryAfterMs: Number.isFinite(waitMs) ? waitMs : null,
          snapshot: this.#snapshot(buckets, nowMs),
        };
      }
    }
    buckets.requests?.take(1, nowMs);
    buckets.tokens?.take(tokens, nowMs);
    return { admitted: true, snapshot: this.#snapshot(buckets, nowMs) };
  }

  /** The state of `key` without spending anything. */
  peek(key: string, nowMs: number): RateLimitSnapshot {
    const buckets = this.#keys.get(key);
    if (buckets !== undefined) return this.#snapshot(buckets, nowMs);
    const { requestsPerMinute, tokensPerMinute } = this.limits;
    const fresh = (limit: number): LimitState | null =>
      limit > 0 ? { limit, remaining: limit, resetMs: 0 } : null;
    return { requests: fresh(requestsPerMinute), tokens: fresh(tokensPerMinute) };
  }

  #snapshot(buckets: KeyBuckets, nowMs: number): RateLimitSnapshot {
    return {
      requests: buckets.requests?.state(nowMs) ?? null,
      tokens: buckets.tokens?.state(nowMs) ?? null,
    };
  }

  #buckets(key: string, nowMs: number): KeyBuckets {
    const existing = this.#keys.get(key);
    if (existing !== undefined) {
      // Re-insert, so that the map's order is least recently used first.
      this.#keys.delete(key);
      this.#keys.set(key, existing);
      return existing;
    }
    if (this.#keys.size >= this.#maxKeys) this.#evict(nowMs);
    const { requestsPerMinute, tokensPerMinute } = this.limits;
    const created: KeyBuckets = {
      requests:
        requestsPerMinute > 0 ? new TokenBucket(requestsPerMinute, RATE_LIMIT_WINDOW_MS, nowMs) : null,
      tokens: tokensPerMinute > 0 ? new TokenBucket(tokensPerMinute, RATE_LIMIT_WINDOW_MS, nowMs) : null,
    };
    this.#keys.set(key, created);
    return created;
  }

  #evict(nowMs: number): void {
    for (const [key, buckets] of this.#keys) {
      if ((buckets.requests?.isFull(nowMs) ?? true) && (buckets.tokens?.isFull(nowMs) ?? true)) {
        this.#keys.delete(key);
      }
    }
    if (this.#keys.size < this.#maxKeys) return;
    const oldest = this.#keys.keys().next().value;
    if (oldest !== undefined) this.#keys.delete(oldest);
  }
}
