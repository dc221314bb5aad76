/** Limits of a {@link TextCountCache}: both bound the memory its keys keep alive. */
export interface TextCountCacheLimits {
  readonly maxEntries: number;
  readonly maxTotalChars: number;
}

/**
 * Least-recently-used cache from a text to its token count. A Map keeps insertion order, so
 * re-inserting on a hit moves the entry to the young end and eviction takes the oldest.
 * Texts longer than a quarter of the character budget are not kept: one of them would evict
 * most of what the cache holds.
 */
export class TextCountCache {
  readonly #counts = new Map<string, number>();
  readonly #limits: TextCountCacheLimits;
  #totalChars = 0;

  constructor(limits: TextCountCacheLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#counts.size;
  }

  get totalChars(): number {
    return this.#totalChars;
  }

  get(text: string): number | undefined {
    const count = this.#counts.get(text);
    if (count !== undefined) {
      this.#counts.delete(text);
      this.#counts.set(text, count);
    }
    return count;
  }

  set(text: string, count: number): void {
    if (text.length > this.#limits.maxTotalChars / 4 || this.#counts.has(text)) return;
    this.#counts.set(text, count);
    this.#totalChars += text.length;
    for (const oldest of this.#counts.keys()) {
      if (this.#counts.size <= this.#limits.maxEntries && this.#totalChars <= this.#limits.maxTotalChars)
        break;
      this.#counts.delete(oldest);
      this.#totalChars -= oldest.length;
    }
  }

  clear(): void {
    this.#counts.clear();
    this.#totalChars = 0;
  }
}
