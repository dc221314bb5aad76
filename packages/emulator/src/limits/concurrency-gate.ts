/**
 * Counts the timed requests (streams and responses waiting for their deadline) in flight in this process, from
 * arrival to the close of their response, and refuses one over the limit. The check runs before the body is
 * read, so a refused request costs almost nothing. O(1) per request.
 */
export class ConcurrencyGate {
  readonly #limit: number;
  #inFlight = 0;
  #refused = 0;

  /** `limit` 0 admits everything. */
  constructor(limit: number) {
    this.#limit = limit;
  }

  get limit(): number {
    return this.#limit;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Requests refused so far. */
  get refused(): number {
    return this.#refused;
  }

  /** Admits one request (true; call `release` once it is done) or refuses it (false). */
  tryAdmit(): boolean {
    if (this.#limit > 0 && this.#inFlight >= this.#limit) {
      this.#refused += 1;
      return false;
    }
    this.#inFlight += 1;
    return true;
  }

  release(): void {
    if (this.#inFlight > 0) this.#inFlight -= 1;
  }
}

/**
 * This process's share of a server-wide limit: with several worker processes each enforces `ceil(limit /
 * workers)`, so the server as a whole never holds much more than the limit without coordinating per request.
 */
export function perWorkerLimit(limit: number, workerCount: number): number {
  if (limit === 0) return 0;
  return Math.ceil(limit / Math.max(1, workerCount));
}

/** Duration of the schedule a request asks for: TTFT + N·ITL, the deadline of its non-streamed body. */
export function scheduleDurationMs(timing: { ttftMs: number; itlMs: number; outputLength: number }): number {
  return timing.ttftMs + timing.outputLength * timing.itlMs;
}
