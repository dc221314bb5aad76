import type { StreamObserver } from '../delivery/stream-observer.js';
import type { StreamOutcome } from '../delivery/token-stream.js';
import type { ModelCells } from './emulator-metrics.js';
import type { HistogramCell } from './metric-family.js';

export interface StreamSchedule {
  steps: number;
  /** Due offset of the first content step from the request's arrival, ms; null without steps. */
  firstDueMs: number | null;
  lastDueMs: number | null;
}

/** The schedule summary of a plan whose offsets count from the request's arrival. */
export function scheduleOf(offsetsMs: Float64Array): StreamSchedule {
  const steps = offsetsMs.length;
  return {
    steps,
    firstDueMs: steps === 0 ? null : (offsetsMs[0] as number),
    lastDueMs: steps === 0 ? null : (offsetsMs[steps - 1] as number),
  };
}

/**
 * What one stream's timing turned out to be, recorded as it is written: TTFT at the first write of a content
 * token, each gap between writes as an ITL sample (tokens that share a write have a gap of 0, as a client sees
 * them), every step's lateness, and at the end the configured values for the same population. Per token it
 * only adds to histogram cells; the fields are read by the request's metrics and its ground-truth record.
 */
export class StreamTiming implements StreamObserver {
  /** Clock time the first content step was handed to the socket; −1 until then. */
  firstWrittenMs = -1;
  /** Clock time of the latest write of content steps; −1 until the first. */
  lastWrittenMs = -1;
  /** Content steps written. */
  stepsWritten = 0;
  /** Worst lateness of a step that the scheduler (not the client) made late, µs. */
  maxLatenessUs = 0;
  outcome: StreamOutcome | null = null;
  /** The schedule as planned: content steps, and the due offsets (ms from arrival) of the first and last. */
  readonly schedule: StreamSchedule;
  readonly #arrivalMs: number;
  readonly #ttftConfiguredS: number;
  readonly #itlConfiguredS: number;
  readonly #cells: ModelCells;
  readonly #lateness: HistogramCell;

  constructor(
    arrivalMs: number,
    schedule: StreamSchedule,
    configured: { ttftMs: number; itlMs: number },
    cells: ModelCells,
    lateness: HistogramCell,
  ) {
    this.#arrivalMs = arrivalMs;
    this.schedule = schedule;
    this.#ttftConfiguredS = configured.ttftMs / 1000;
    this.#itlConfiguredS = configured.itlMs / 1000;
    this.#cells = cells;
    this.#lateness = lateness;
  }

  stepDue(_step: number, latenessUs: number): void {
    if (latenessUs < 0) return;
    this.#lateness.observe(latenessUs / 1e6);
    if (latenessUs > this.maxLatenessUs) this.maxLatenessUs = latenessUs;
  }

  written(fromStep: number, toStep: number, writtenMs: number): void {
    const cells = this.#cells;
    const zeroGaps = toStep - fromStep - 1;
    if (this.firstWrittenMs < 0) {
      this.firstWrittenMs = writtenMs;
      const ttftS = (writtenMs - this.#arrivalMs) / 1000;
      cells.ttft.observe(ttftS);
      cells.ttftObserved.observe(ttftS);
    } else {
      const gapS = (writtenMs - this.lastWrittenMs) / 1000;
      const index = cells.itl.indexOf(gapS);
      cells.itl.addAt(index, gapS, 1);
      cells.timePerOutputToken.addAt(index, gapS, 1);
      cells.itlObserved.observe(gapS);
    }
    if (zeroGaps > 0) {
      // 0 falls in the first bucket of every histogram.
      cells.itl.addAt(0, 0, zeroGaps);
      cells.timePerOutputToken.addAt(0, 0, zeroGaps);
      cells.itlObserved.addAt(0, 0, zeroGaps);
    }
    this.lastWrittenMs = writtenMs;
    this.stepsWritten = toStep;
  }

  finished(outcome: StreamOutcome): void {
    this.outcome = outcome;
    const steps = this.stepsWritten;
    if (steps >= 1) this.#cells.ttftConfigured.observe(this.#ttftConfiguredS);
    if (steps >= 2) this.#cells.itlConfigured.observeMany(this.#itlConfiguredS, steps - 1);
  }
}
