import type { Rng } from '../timing/rng.js';
import { faultError } from './fault-parse-error.js';
import type { Share } from './share.js';

/**
 * How a share of requests is chosen: `exact` fails every k-th request by a counter, so 1% of 1,000 requests
 * is exactly 10 (the 100th, the 200th, …); `random` draws each request from a seeded generator.
 */
export type SelectionMode = 'exact' | 'random';

export const SELECTION_MODES: readonly SelectionMode[] = ['exact', 'random'];

/**
 * An exact-ratio counter: request i (from 0) is selected when ⌊(i+1)·p/q⌋ > ⌊i·p/q⌋, so after n requests
 * exactly ⌊n·p/q⌋ were selected, evenly spread. The remainder is kept below q, so it never overflows.
 */
export class ExactRatio {
  readonly share: Share;
  #remainder = 0;

  constructor(share: Share) {
    this.share = share;
  }

  next(): boolean {
    this.#remainder += this.share.numerator;
    if (this.#remainder < this.share.denominator) return false;
    this.#remainder -= this.share.denominator;
    return true;
  }
}

/** Counters kept at most; a header sending a new share on every request must not grow memory forever. */
export const MAX_SELECTOR_COUNTERS = 1024;

/**
 * Chooses which requests a share applies to. In exact mode each distinct `key` (one per configured or
 * requested share: a config key, a header value) has its own counter.
 */
export class ShareSelector {
  readonly #rng: Rng;
  readonly #counters = new Map<string, ExactRatio>();

  constructor(rng: Rng) {
    this.#rng = rng;
  }

  select(key: string, share: Share, mode: SelectionMode): boolean {
    if (share.numerator === 0) return false;
    if (share.numerator === share.denominator) return true;
    if (mode === 'random') return this.#rng() * share.denominator < share.numerator;
    const counterKey = `${key}\u0000${share.numerator}/${share.denominator}`;
    let counter = this.#counters.get(counterKey);
    if (counter === undefined) {
      if (this.#counters.size >= MAX_SELECTOR_COUNTERS) {
        const oldest = this.#counters.keys().next().value;
        if (oldest !== undefined) this.#counters.delete(oldest);
      }
      counter = new ExactRatio(share);
      this.#counters.set(counterKey, counter);
    }
    return counter.next();
  }
}

/** Parses `exact` or `random` (any case); throws FaultParseError naming `param`. */
export function parseSelectionMode(text: string, param: string): SelectionMode {
  const mode = text.trim().toLowerCase();
  if (mode === 'exact' || mode === 'random') return mode;
  throw faultError(param, text, `is not a mode; use exact (every k-th request) or random (seeded draws).`);
}
