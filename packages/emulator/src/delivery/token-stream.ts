import type { ApiError } from '../errors/api-error.js';
import type { ScheduledJob, StreamScheduler } from '../scheduler/stream-scheduler.js';
import type { InFlightResponses, TrackedStream } from './in-flight.js';
import { sseEvent } from './sse.js';
import type { StreamObserver } from './stream-observer.js';
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
  /**
   * The trailer without its usage or its final event (the no-usage and no-done faults), for APIs whose
   * trailer is not chat's usage chunk then `[DONE]`; absent, those faults trim chat's shape.
   */
  renderTrimmedTrailer?(omitUsage: boolean, omitDone: boolean): string;
  /** The event that ends the stream with `error` mid-way, in the API's shape; absent, OpenAI's error body. */
  renderError?(error: ApiError): string;
  /**
   * How the stream ends once its steps and trailer are written: `completed` (the default), `interrupted` (the
   * trailer was an error event; the response still ends properly) or `destroyed` (the connection is cut).
   */
  end?: 'completed' | 'interrupted' | 'destroyed';
}

/** The event that ends `plan`'s stream with `error`: the API's own, or OpenAI's error body. */
export function renderStreamError(plan: StreamPlan, error: ApiError): string {
  return plan.renderError?.(error) ?? sseEvent(JSON.stringify(error.toBody()));
}

/**
 * How a stream ended: every step written (`completed`), the client went away (`client_gone`), the server ended it
 * with an error event (`interrupted`), its client stopped reading for too long (`stalled`), or its connection
 * was cut on purpose (`destroyed`).
 */
export type StreamEnd = 'completed' | 'client_gone' | 'interrupted' | 'stalled' | 'destroyed';

export interface StreamOutcome {
  /** True when every step and the trailer were written. */
  completed: boolean;
  end: StreamEnd;
  /** Steps written (content tokens per choice). */
  stepsWritten: number;
  /** Worst lateness of any step of this stream, µs. */
  maxLatenessUs: number;
  /** How long the stream waited for its client to read (full socket buffer), ms. */
  blockedMs: number;
  /** How many times it had to wait. */
  pauses: number;
}

/**
 * Walks a {@link StreamPlan} on the shared scheduler: on each wake it writes every step that is due in one
 * write, measures each step's lateness, waits for `drain` when the socket is full (off the schedule, and
 * timing how long the client kept it waiting), and stops at once when the client disconnects.
 */
export class TokenStream implements ScheduledJob, TrackedStream {
  dueMs = 0;
  heapIndex = -1;
  /** Watches every step and write (metrics, ground truth); set before `start`. */
  observer: StreamObserver | null = null;
  readonly #scheduler: StreamScheduler;
  readonly #sink: StreamSink;
  readonly #plan: StreamPlan;
  readonly #onFinish: (outcome: StreamOutcome) => void;
  readonly #inFlight: InFlightResponses | null;
  #nextStep = 0;
  #maxLatenessUs = 0;
  #finished = false;
  #pausedAtMs = -1;
  /**
   * End of the last wait for the client: steps due before it were held back by the client, not by the
   * scheduler, so they count as blocked time rather than lateness.
   */
  #blockedUntilMs = Number.NEGATIVE_INFINITY;
  #blockedMs = 0;
  #pauses = 0;

  /** `inFlight`, when given, registers the stream while it runs (shutdown, limits, `/stats`). */
  constructor(
    scheduler: StreamScheduler,
    sink: StreamSink,
    plan: StreamPlan,
    onFinish: (outcome: StreamOutcome) => void,
    inFlight: InFlightResponses | null = null,
  ) {
    this.#scheduler = scheduler;
    this.#sink = sink;
    this.#plan = plan;
    this.#onFinish = onFinish;
    this.#inFlight = inFlight;
  }

  get bufferedBytes(): number {
    return this.#sink.bufferedBytes;
  }

  /** Starts walking the plan; steps already due are written on the scheduler's next turn. */
  start(): void {
    if (this.#plan.offsetsMs.length === 0) {
      // An empty write would go out as a zero-length chunk, which ends a chunked body.
      const trailer = this.#plan.renderTrailer();
      if (trailer !== '') this.#sink.write(trailer);
      this.#finishPlan();
      return;
    }
    this.#inFlight?.addStream(this);
    this.dueMs = this.#plan.startMs + (this.#plan.offsetsMs[0] as number);
    this.#scheduler.schedule(this);
  }

  /** The client went away: drop the stream from the scheduler at once. */
  abort(): void {
    if (this.#finished) return;
    this.#scheduler.cancel(this);
    this.#finish('client_gone');
  }

  /** Ends the stream now with `error` as a mid-stream error event (OpenAI's shape), then a proper end. */
  interrupt(error: ApiError): void {
    if (this.#finished) return;
    this.#scheduler.cancel(this);
    if (!this.#sink.closed) this.#sink.write(renderStreamError(this.#plan, error));
    this.#finish('interrupted');
  }

  /** Cuts the connection now, mid-stream, without an end. */
  destroy(): void {
    this.#cut('destroyed');
  }

  stall(): void {
    this.#cut('stalled');
  }

  fire(nowMs: number): boolean {
    if (this.#finished) return false;
    const sink = this.#sink;
    if (sink.closed) {
      this.#finish('client_gone');
      return false;
    }
    const { startMs, offsetsMs } = this.#plan;
    const stepCount = offsetsMs.length;
    const lateness = this.#scheduler.lateness;
    const observer = this.observer;
    let text = '';
    let writable = true;
    let step = this.#nextStep;
    let writtenFrom = step;
    while (step < stepCount) {
      const stepDueMs = startMs + (offsetsMs[step] as number);
      if (stepDueMs > nowMs) break;
      if (stepDueMs > this.#blockedUntilMs) {
        const latenessUs = (nowMs - stepDueMs) * 1000;
        lateness.record(latenessUs);
        if (latenessUs > this.#maxLatenessUs) this.#maxLatenessUs = latenessUs;
        observer?.stepDue(step, latenessUs);
      } else {
        observer?.stepDue(step, -1);
      }
      text += this.#plan.renderStep(step);
      step += 1;
      if (step === stepCount) text += this.#plan.renderTrailer();
      if (text.length >= WRITE_BATCH_CHARS) {
        writable = sink.write(text);
        text = '';
        observer?.written(writtenFrom, step, this.#scheduler.clock.now());
        writtenFrom = step;
        if (!writable) break;
      }
    }
    if (text.length > 0) {
      writable = sink.write(text);
      observer?.written(writtenFrom, step, this.#scheduler.clock.now());
    }
    this.#nextStep = step;
    if (step === stepCount) {
      this.#finishPlan();
      return false;
    }
    if (!writable) {
      this.#pausedAtMs = nowMs;
      this.#pauses += 1;
      this.#inFlight?.paused(this, nowMs);
      sink.onDrain(this.#resume);
      return false;
    }
    this.dueMs = startMs + (offsetsMs[step] as number);
    return true;
  }

  readonly #resume = (): void => {
    if (this.#finished) return;
    const nowMs = this.#scheduler.clock.now();
    this.#endPause(nowMs);
    // Write everything that fell due while the client was not reading, then go back on the schedule.
    if (this.fire(nowMs)) this.#scheduler.schedule(this);
  };

  #endPause(nowMs: number): void {
    if (this.#pausedAtMs < 0) return;
    this.#blockedMs += nowMs - this.#pausedAtMs;
    this.#blockedUntilMs = nowMs;
    this.#pausedAtMs = -1;
    this.#inFlight?.resumed(this, nowMs);
  }

  #cut(end: StreamEnd): void {
    if (this.#finished) return;
    this.#scheduler.cancel(this);
    this.#sink.destroy();
    this.#finish(end);
  }

  /** Every step and the trailer are written: end as the plan says. */
  #finishPlan(): void {
    const end = this.#plan.end ?? 'completed';
    if (end === 'destroyed') this.#cut(end);
    else this.#finish(end);
  }

  #finish(end: StreamEnd): void {
    this.#finished = true;
    // A stream that ends while its client is not reading was blocked until now.
    this.#endPause(this.#scheduler.clock.now());
    this.#inFlight?.deleteStream(this);
    if (end === 'completed' || end === 'interrupted') this.#sink.end();
    const outcome: StreamOutcome = {
      completed: end === 'completed',
      end,
      stepsWritten: this.#nextStep,
      maxLatenessUs: this.#maxLatenessUs,
      blockedMs: Math.round(this.#blockedMs * 1000) / 1000,
      pauses: this.#pauses,
    };
    this.#onFinish(outcome);
    this.observer?.finished(outcome);
  }
}
