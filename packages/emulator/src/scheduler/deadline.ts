import type { InFlightResponses, Interruptible } from '../delivery/in-flight.js';
import type { ApiError } from '../errors/api-error.js';
import type { ScheduledJob, StreamScheduler } from './stream-scheduler.js';

export interface DeadlineOutcome {
  /** False when cancelled (the client went away) or interrupted before the deadline. */
  reached: boolean;
  /** How late the deadline was served, µs. */
  latenessUs: number;
  /** Set when the server ended the wait early (shutdown): the error to answer with instead. */
  error: ApiError | null;
}

/** A single deadline on the shared scheduler, e.g. the send time of a non-streamed response. */
export class Deadline implements ScheduledJob, Interruptible {
  heapIndex = -1;
  dueMs: number;
  readonly promise: Promise<DeadlineOutcome>;
  readonly #scheduler: StreamScheduler;
  readonly #inFlight: InFlightResponses | null;
  #resolve!: (outcome: DeadlineOutcome) => void;
  #settled = false;

  /** `inFlight`, when given, registers the wait until it settles (shutdown, limits, `/stats`). */
  constructor(scheduler: StreamScheduler, dueMs: number, inFlight: InFlightResponses | null = null) {
    this.#scheduler = scheduler;
    this.#inFlight = inFlight;
    this.dueMs = dueMs;
    this.promise = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    inFlight?.addWaiting(this);
    scheduler.schedule(this);
  }

  fire(nowMs: number): boolean {
    if (this.#settled) return false;
    const latenessUs = (nowMs - this.dueMs) * 1000;
    this.#scheduler.lateness.record(latenessUs);
    this.#settle({ reached: true, latenessUs, error: null });
    return false;
  }

  cancel(): void {
    if (this.#settled) return;
    this.#scheduler.cancel(this);
    this.#settle({ reached: false, latenessUs: 0, error: null });
  }

  interrupt(error: ApiError): void {
    if (this.#settled) return;
    this.#scheduler.cancel(this);
    this.#settle({ reached: false, latenessUs: 0, error });
  }

  #settle(outcome: DeadlineOutcome): void {
    this.#settled = true;
    this.#inFlight?.deleteWaiting(this);
    this.#resolve(outcome);
  }
}
