import type { StreamOutcome } from './token-stream.js';

/**
 * Watches one token stream as it is written: metrics, the ground-truth log. Callbacks run on the stream's hot
 * path, so they must be cheap and must not allocate per token; they only observe — they must not write to the
 * stream or end it.
 */
export interface StreamObserver {
  /** Step `step` is due and about to be written, `latenessUs` after its due time; −1 when its client held it back. */
  stepDue(step: number, latenessUs: number): void;
  /** Steps `fromStep` … `toStep − 1` were handed to the socket in one write; `writtenMs` is the clock just after. */
  written(fromStep: number, toStep: number, writtenMs: number): void;
  /** The stream ended (called once, after its last write). */
  finished(outcome: StreamOutcome): void;
}

/** Several observers of one stream, called in the order their factories were added. */
export class ObserverList implements StreamObserver {
  readonly #observers: readonly StreamObserver[];

  constructor(observers: readonly StreamObserver[]) {
    this.#observers = observers;
  }

  stepDue(step: number, latenessUs: number): void {
    for (const observer of this.#observers) observer.stepDue(step, latenessUs);
  }

  written(fromStep: number, toStep: number, writtenMs: number): void {
    for (const observer of this.#observers) observer.written(fromStep, toStep, writtenMs);
  }

  finished(outcome: StreamOutcome): void {
    for (const observer of this.#observers) observer.finished(outcome);
  }
}
