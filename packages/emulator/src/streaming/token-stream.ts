import type { ScheduledJob, StreamScheduler } from './stream-scheduler.js';
import type { StreamSink } from './stream-sink.js';

/** Text written in one `write` call at most; several due tokens are sent together up to this size. */
const WRITE_BATCH_CHARS = 64 * 1024;

/** What a stream sends and when; built per request from the wire encoders. */
export interface StreamPlan {
  /** Clock time (ms) of the request's arrival: every offset counts from here. */
  startMs: number;
  /** Absolute offset of each step from `startMs`, ascending. Step i carries content token i of every choice. */
  offsetsMs: Float64Array;
  /** The SSE events due at `step` (content tokens, and finish events of choices that end there). */
  renderStep(step: number): string;
  /** The events that close the stream (usage, `[DONE]`), sent right after the last step. */
  renderTrailer(): string;
}

export interface StreamOutcome {
  /** False when the client went away before the end. */
  completed: boolean;
  /** Steps written (content tokens per choice). */
  stepsWritten: number;
  /** Worst lateness of any step of this stream, µs. */
  maxLatenessUs: number;
}

/**
 * Walks a {@link StreamPlan} on the shared scheduler: on each wake it writes every step that is due in one
 * write, measures each step's lateness, waits for `drain` when the socket is full, and stops at once when
 * the client disconnects.
 */
export class TokenStream implements ScheduledJob {
  dueMs = 0;
  heapIndex = -1;
  readonly #scheduler: StreamScheduler;
  readonly #sink: StreamSink;
  readonly #plan: StreamPlan;
  readonly #onFinish: (outcome: StreamOutcome) => void;
  #nextStep = 0;
  #maxLatenessUs = 0;
  #finished = false;

  constructor(
    scheduler: StreamScheduler,
    sink: StreamSink,
    plan: StreamPlan,
    onFinish: (outcome: StreamOutcome) => void,
  ) {
    this.#scheduler = scheduler;
    this.#sink = sink;
    this.#plan = plan;
    this.#onFinish = onFinish;
  }

  /** Starts walking the plan; steps already due are written on the scheduler's next turn. */
  start(): void {
    if (this.#plan.offsetsMs.length === 0) {
      this.#sink.write(this.#plan.renderTrailer());
      this.#finish(true);
      return;
    }
    this.dueMs = this.#plan.startMs + (this.#plan.offsetsMs[0] as number);
    this.#scheduler.schedule(this);
  }

  /** The client went away: drop the stream from the scheduler at once. */
  abort(): void {
    if (this.#finished) return;
    this.#scheduler.cancel(this);
    this.#finish(false);
  }

  fire(nowMs: number): boolean {
    if (this.#finished) return false;
    const sink = this.#sink;
    if (sink.closed) {
      this.#finish(false);
      return false;
    }
    const { startMs, offsetsMs } = this.#plan;
    const stepCount = offsetsMs.length;
    const lateness = this.#scheduler.lateness;
    let text = '';
    let writable = true;
    let step = this.#nextStep;
    while (step < stepCount) {
      const stepDueMs = startMs + (offsetsMs[step] as number);
      if (stepDueMs > nowMs) break;
      const latenessUs = (nowMs - stepDueMs) * 1000;
      lateness.record(latenessUs);
      if (latenessUs > this.#maxLatenessUs) this.#maxLatenessUs = latenessUs;
      text += this.#plan.renderStep(step);
      step += 1;
      if (step === stepCount) text += this.#plan.renderTrailer();
      if (text.length >= WRITE_BATCH_CHARS) {
        writable = sink.write(text);
        text = '';
        if (!writable) break;
      }
    }
    if (text.length > 0) writable = sink.write(text);
    this.#nextStep = step;
    if (step === stepCount) {
      this.#finish(true);
      return false;
    }
    if (!writable) {
      sink.onDrain(this.#resume);
      return false;
    }
    this.dueMs = startMs + (offsetsMs[step] as number);
    return true;
  }

  readonly #resume = (): void => {
    if (this.#finished) return;
    // Write everything that fell due while the client was not reading, then go back on the schedule.
    if (this.fire(this.#scheduler.clock.now())) this.#scheduler.schedule(this);
  };

  #finish(completed: boolean): void {
    this.#finished = true;
    if (completed) this.#sink.end();
    this.#onFinish({ completed, stepsWritten: this.#nextStep, maxLatenessUs: this.#maxLatenessUs });
  }
}
