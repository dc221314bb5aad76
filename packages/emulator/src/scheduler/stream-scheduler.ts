import type { Clock, TimerHandle } from '../clock.js';
import { DeadlineHeap, type HeapEntry } from './deadline-heap.js';
import { LatenessHistogram } from './lateness-histogram.js';

/** Something with deadlines: a token stream, or a unary response waiting for its send time. */
export interface ScheduledJob extends HeapEntry {
  /**
   * Called once `dueMs` has passed. Does everything that is due at `nowMs` (every due token, not one)
   * and returns true to be queued again at its updated `dueMs`, false when finished or paused.
   */
  fire(nowMs: number): boolean;
}

export interface SchedulerOptions {
  /**
   * How long before a deadline the scheduler stops sleeping on a timer and checks the clock on every turn
   * of the event loop instead. Node timers have millisecond granularity, so without this window tokens
   * would be up to ~1 ms late; with it they leave within microseconds of their due time. The polling is one
   * immediate per turn, after the turn's I/O: on a busy loop it takes a few microseconds a turn, and it burns
   * only time the process would otherwise sleep. (Sleeping on timers while wakes run late was measured and
   * dropped: millisecond timers make the next wakes late too, and at 1,000 streams p99 errors grew fourfold.)
   */
  precisionWindowMs: number;
  /**
   * Longest run of one wake, ms: past it the wake stops serving due jobs and yields, so that the event loop
   * reads sockets (new requests, drains) before the rest. Default {@link MAX_WAKE_MS}.
   */
  maxWakeMs?: number;
}

/** Default bound of one wake's work, ms. */
export const MAX_WAKE_MS = 2;

export interface SchedulerStats {
  /** Jobs currently queued (paused streams waiting for `drain` are not queued). */
  queuedJobs: number;
  /** Wake-ups so far: one wake serves every job that is due. */
  wakeCount: number;
  /** Wakes that stopped at their time bound with jobs still due, and yielded to I/O first. */
  yieldedWakes: number;
}

/**
 * One timer for all streams. Jobs sit in a min-heap by absolute due time; a single timer (or, within the
 * precision window, a check on every event-loop turn) wakes the scheduler, which serves every job that
 * is due and re-arms for the earliest next deadline. Deadlines are absolute, so a late wake never
 * shifts later tokens: lateness is measured, never accumulated.
 */
export class StreamScheduler {
  readonly lateness = new LatenessHistogram();
  readonly #clock: Clock;
  readonly #precisionWindowMs: number;
  readonly #maxWakeMs: number;
  readonly #heap = new DeadlineHeap<ScheduledJob>();
  #timer: TimerHandle | null = null;
  #timerDueMs = Number.POSITIVE_INFINITY;
  #immediate: TimerHandle | null = null;
  #waking = false;
  #wakeCount = 0;
  #yieldedWakes = 0;

  constructor(clock: Clock, options: SchedulerOptions) {
    this.#clock = clock;
    this.#precisionWindowMs = options.precisionWindowMs;
    this.#maxWakeMs = options.maxWakeMs ?? MAX_WAKE_MS;
  }

  get clock(): Clock {
    return this.#clock;
  }

  /** Queues `job` at its `dueMs`. */
  schedule(job: ScheduledJob): void {
    this.#heap.push(job);
    if (!this.#waking) this.#arm();
  }

  /** Removes `job` at once (client gone); harmless when it is not queued. */
  cancel(job: ScheduledJob): void {
    this.#heap.remove(job);
    if (this.#heap.size === 0 && !this.#waking) this.#disarm();
  }

  stats(): SchedulerStats {
    return { queuedJobs: this.#heap.size, wakeCount: this.#wakeCount, yieldedWakes: this.#yieldedWakes };
  }

  /** Stops the timer; queued jobs stay queued but will not fire (used on shutdown). */
  stop(): void {
    this.#disarm();
  }

  readonly #wake = (): void => {
    this.#timer = null;
    this.#timerDueMs = Number.POSITIVE_INFINITY;
    this.#immediate = null;
    this.#wakeCount += 1;
    this.#waking = true;
    const heap = this.#heap;
    const clock = this.#clock;
    // Serve what is due at the start of this wake; anything that falls due meanwhile is served on the next
    // turn, after pending I/O. A wake that runs past its bound yields too, with jobs still due: new requests
    // and drains are read before the rest, so overload shows as lateness rather than as unread sockets.
    const wakeNowMs = clock.now();
    const stopMs = wakeNowMs + this.#maxWakeMs;
    try {
      for (let job = heap.peek(); job !== undefined && job.dueMs <= wakeNowMs; job = heap.peek()) {
        const nowMs = clock.now();
        if (nowMs > stopMs) {
          this.#yieldedWakes += 1;
          break;
        }
        heap.pop();
        if (job.fire(nowMs)) heap.push(job);
      }
    } finally {
      this.#waking = false;
      this.#arm();
    }
  };

  #arm(): void {
    const next = this.#heap.peek();
    if (next === undefined) {
      this.#disarm();
      return;
    }
    if (this.#immediate !== null) return;
    const delayMs = next.dueMs - this.#clock.now();
    if (delayMs <= this.#precisionWindowMs) {
      this.#clearTimer();
      this.#immediate = this.#clock.setImmediate(this.#wake);
      return;
    }
    // Wake at the start of the precision window; an armed timer that fires no later is kept.
    const wakeDueMs = next.dueMs - this.#precisionWindowMs;
    if (this.#timer !== null && this.#timerDueMs <= wakeDueMs) return;
    this.#clearTimer();
    this.#timerDueMs = wakeDueMs;
    this.#timer = this.#clock.setTimeout(
      this.#wake,
      Math.max(1, Math.floor(delayMs - this.#precisionWindowMs)),
    );
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#timerDueMs = Number.POSITIVE_INFINITY;
  }

  #disarm(): void {
    this.#clearTimer();
    if (this.#immediate !== null) this.#clock.clearImmediate(this.#immediate);
    this.#immediate = null;
  }
}
