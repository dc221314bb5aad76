/**
 * One timer for the body timeouts of every request being read: a reader registers a callback due at a time
 * and removes it when its body ends. A periodic sweep fires the overdue ones, so a request costs a Map entry
 * instead of a timer of its own, and a timeout fires at most one period late.
 */
export class BodyDeadlines {
  readonly #periodMs: number;
  readonly #due = new Map<object, { atMs: number; fire: () => void }>();
  #sweep: NodeJS.Timeout | null = null;

  constructor(periodMs: number) {
    this.#periodMs = periodMs;
  }

  add(owner: object, atMs: number, fire: () => void): void {
    this.#due.set(owner, { atMs, fire });
    if (this.#sweep === null) {
      this.#sweep = setInterval(() => this.#fireOverdue(), this.#periodMs);
      this.#sweep.unref();
    }
  }

  remove(owner: object): void {
    this.#due.delete(owner);
  }

  /** Stops the sweep (the server is closing); pending deadlines never fire. */
  stop(): void {
    if (this.#sweep !== null) clearInterval(this.#sweep);
    this.#sweep = null;
    this.#due.clear();
  }

  #fireOverdue(): void {
    if (this.#due.size === 0) {
      clearInterval(this.#sweep as NodeJS.Timeout);
      this.#sweep = null;
      return;
    }
    const nowMs = performance.now();
    for (const [owner, deadline] of this.#due) {
      if (deadline.atMs > nowMs) continue;
      this.#due.delete(owner);
      deadline.fire();
    }
  }
}
