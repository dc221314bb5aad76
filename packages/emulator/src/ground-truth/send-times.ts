import type { StreamObserver } from '../delivery/stream-observer.js';
import type { StreamOutcome } from '../delivery/token-stream.js';

/**
 * When each content step of one stream was handed to the socket, for the ground-truth log. One typed array per
 * stream, filled once per write (steps that share a write share its time); nothing is allocated per token.
 */
export class SendTimes implements StreamObserver {
  /** Base of the plan's deadlines (the clock time its offsets count from). */
  readonly deadlineBaseMs: number;
  readonly #writtenMs: Float64Array;
  #steps = 0;

  constructor(deadlineBaseMs: number, plannedSteps: number) {
    this.deadlineBaseMs = deadlineBaseMs;
    this.#writtenMs = new Float64Array(plannedSteps);
  }

  stepDue(): void {}

  written(fromStep: number, toStep: number, writtenMs: number): void {
    this.#writtenMs.fill(writtenMs, fromStep, Math.min(toStep, this.#writtenMs.length));
    this.#steps = Math.max(this.#steps, toStep);
  }

  finished(_outcome: StreamOutcome): void {}

  /**
   * The send times as integer microseconds, delta-encoded: the first counts from `originMs` (the request's
   * t0), each later one from the step before it. Compact in JSON, and a gap is read without subtraction.
   */
  deltasUs(originMs: number): number[] {
    const steps = Math.min(this.#steps, this.#writtenMs.length);
    const deltas = new Array<number>(steps);
    let previousUs = 0;
    for (let step = 0; step < steps; step++) {
      const us = Math.round(((this.#writtenMs[step] as number) - originMs) * 1000);
      deltas[step] = us - previousUs;
      previousUs = us;
    }
    return deltas;
  }
}
