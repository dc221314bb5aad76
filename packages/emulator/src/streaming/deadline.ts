import type { ScheduledJob, StreamScheduler } from './stream-scheduler.js';

export interface DeadlineOutcome {
  /** False when cancelled (the client went away) before the deadline. */
  reached: boolean;
  /** How late the deadline was served, µs. */
  latenessUs: number;
}

/** A single deadline on the shared scheduler, e.g. the send time of a non-streamed response. */
export class Deadline implements ScheduledJob {
  heapIndex = -1;
  dueMs: number;
  readonly promise: Promise<DeadlineOutcome>;
  readonly #scheduler: StreamScheduler;
  #resolve!: (outcome: DeadlineOutcome) => void;
  #settled = false;

  constructor(scheduler: StreamScheduler, dueMs: number) {
    this.#scheduler = scheduler;
    this.dueMs = dueMs;
    this.promise = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    scheduler.schedule(this);
  }

  fire(nowMs: number): boolean {
    if (this.#settled) return false;
    const latenessUs = (nowMs - this.dueMs) * 1000;
    this.#scheduler.lateness.record(latenessUs);
    this.#settle({ reached: true, latenessUs });
    return false;
  }

  cancel(): void {
    if (this.#settled) return;
    this.#scheduler.cancel(this);
    this.#settle({ reached: false, latenessUs: 0 });
  }

  #settle(outcome: DeadlineOutcome): void {
    this.#settled = true;
    this.#resolve(outcome);
  }
}
