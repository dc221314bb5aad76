/** A limit's state as the `x-ratelimit-*` headers report it. */
export interface LimitState {
  /** Capacity per window: `x-ratelimit-limit-*`. */
  limit: number;
  /** Whole units available now: `x-ratelimit-remaining-*`. */
  remaining: number;
  /** Time until the bucket is full again: `x-ratelimit-reset-*`. */
  resetMs: number;
}

/**
 * A token bucket that refills continuously: `capacity` units per `windowMs`, full at the start. This is the
 * model behind OpenAI's headers: remaining is what may be spent now, reset is the time until the limit is
 * back to its initial state. Time is injected (`nowMs`, any monotonic clock). The level is kept in units of
 * 1/windowMs, so whole-millisecond clocks refill exactly, without floating-point drift.
 */
export class TokenBucket {
  readonly capacity: number;
  readonly windowMs: number;
  /** Level × windowMs. */
  #scaledLevel: number;
  #updatedMs: number;

  constructor(capacity: number, windowMs: number, nowMs: number) {
    if (!(Number.isSafeInteger(capacity) && capacity > 0)) {
      throw new RangeError(`A bucket's capacity must be a positive integer, got ${capacity}.`);
    }
    if (!(Number.isSafeInteger(windowMs) && windowMs > 0)) {
      throw new RangeError(`A bucket's window must be a positive whole number of ms, got ${windowMs}.`);
    }
    this.capacity = capacity;
    this.windowMs = windowMs;
    this.#scaledLevel = capacity * windowMs;
    this.#updatedMs = nowMs;
  }

  #refill(nowMs: number): void {
    if (nowMs <= this.#updatedMs) return;
    const full = this.capacity * this.windowMs;
    this.#scaledLevel = Math.min(full, this.#scaledLevel + (nowMs - this.#updatedMs) * this.capacity);
    this.#updatedMs = nowMs;
  }

  /** Milliseconds until `amount` units are available: 0 when they are now, Infinity above the capacity. */
  waitMs(amount: number, nowMs: number): number {
    if (amount > this.capacity) return Number.POSITIVE_INFINITY;
    this.#refill(nowMs);
    const missing = amount * this.windowMs - this.#scaledLevel;
    return missing <= 0 ? 0 : Math.ceil(missing / this.capacity);
  }

  /** Spends `amount` units (the caller checked waitMs first). */
  take(amount: number, nowMs: number): void {
    this.#refill(nowMs);
    this.#scaledLevel -= amount * this.windowMs;
  }

  state(nowMs: number): LimitState {
    this.#refill(nowMs);
    const full = this.capacity * this.windowMs;
    return {
      limit: this.capacity,
      remaining: Math.max(0, Math.floor(this.#scaledLevel / this.windowMs)),
      resetMs: (full - this.#scaledLevel) / this.capacity,
    };
  }

  /** Full buckets carry no state: a new bucket would behave the same. */
  isFull(nowMs: number): boolean {
    this.#refill(nowMs);
    return this.#scaledLevel >= this.capacity * this.windowMs;
  }
}
