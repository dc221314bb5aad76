/**
 * Bytes of request bodies held by this process, from the first byte read until the response closes, against a
 * budget: the memory a burst of large bodies can take is bounded, whatever their TTFT. O(1) per request.
 */
export class BodyBudget {
  readonly #limitBytes: number;
  #heldBytes = 0;
  #refused = 0;

  /** `limitBytes` 0 admits everything. */
  constructor(limitBytes: number) {
    this.#limitBytes = limitBytes;
  }

  get limitBytes(): number {
    return this.#limitBytes;
  }

  get heldBytes(): number {
    return this.#heldBytes;
  }

  /** Reservations refused so far. */
  get refused(): number {
    return this.#refused;
  }

  /** Takes `bytes` more (true; give them back with `release`) or refuses them (false), holding nothing more. */
  tryReserve(bytes: number): boolean {
    if (this.#limitBytes > 0 && this.#heldBytes + bytes > this.#limitBytes) {
      this.#refused += 1;
      return false;
    }
    this.#heldBytes += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#heldBytes = Math.max(0, this.#heldBytes - bytes);
  }
}
