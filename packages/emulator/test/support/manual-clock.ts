import type { Clock, TimerHandle } from '../../src/clock.js';

interface PendingTimer {
  id: number;
  dueMs: number;
  callback: () => void;
}

/**
 * A clock that moves only when told to. Timers fire in due order as time advances; immediates run on the
 * next "turn", and each turn costs `turnMs` of clock time, as a real event-loop turn does.
 */
export class ManualClock implements Clock {
  #nowMs: number;
  #epochMs: number;
  readonly #turnMs: number;
  #nextId = 1;
  #timers: PendingTimer[] = [];
  #immediates: PendingTimer[] = [];
  /** Every delay passed to setTimeout, for assertions on how the scheduler arms its timer. */
  readonly timeoutDelaysMs: number[] = [];

  constructor({ startMs = 0, epochMs = 1_700_000_000_000, turnMs = 0 } = {}) {
    this.#nowMs = startMs;
    this.#epochMs = epochMs;
    this.#turnMs = turnMs;
  }

  now(): number {
    return this.#nowMs;
  }

  epochMs(): number {
    return this.#epochMs + this.#nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    this.timeoutDelaysMs.push(delayMs);
    const timer = { id: this.#nextId++, dueMs: this.#nowMs + Math.max(1, delayMs), callback };
    this.#timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((timer) => timer.id !== handle);
  }

  setImmediate(callback: () => void): TimerHandle {
    const immediate = { id: this.#nextId++, dueMs: this.#nowMs, callback };
    this.#immediates.push(immediate);
    return immediate.id;
  }

  clearImmediate(handle: TimerHandle): void {
    this.#immediates = this.#immediates.filter((immediate) => immediate.id !== handle);
  }

  get pendingTimers(): number {
    return this.#timers.length + this.#immediates.length;
  }

  /** Moves time forward by `deltaMs`, running every timer and immediate that falls due on the way. */
  advance(deltaMs: number): void {
    this.advanceTo(this.#nowMs + deltaMs);
  }

  advanceTo(targetMs: number): void {
    let turns = 0;
    for (;;) {
      if (++turns > 1_000_000) throw new Error('ManualClock: runaway timers');
      if (this.#immediates.length > 0) {
        if (this.#turnMs > 0 && this.#nowMs + this.#turnMs > targetMs) break;
        this.#nowMs += this.#turnMs;
        const batch = this.#immediates;
        this.#immediates = [];
        for (const immediate of batch) immediate.callback();
        continue;
      }
      const next = this.#timers.reduce<PendingTimer | undefined>(
        (earliest, timer) => (earliest === undefined || timer.dueMs < earliest.dueMs ? timer : earliest),
        undefined,
      );
      if (next === undefined || next.dueMs > targetMs) break;
      this.#timers = this.#timers.filter((timer) => timer !== next);
      this.#nowMs = Math.max(this.#nowMs, next.dueMs);
      next.callback();
    }
    this.#nowMs = Math.max(this.#nowMs, targetMs);
  }

  /** Moves time forward without running anything, as a blocked event loop does. */
  block(deltaMs: number): void {
    this.#nowMs += deltaMs;
  }

  /** Runs immediates queued for the current turn without moving time (turnMs 0 only). */
  runImmediates(): void {
    this.advanceTo(this.#nowMs);
  }
}
