/** Opaque handle of a pending timer or immediate. */
export type TimerHandle = unknown;

/**
 * Time as the emulator sees it. Injected so that the stream scheduler and the deadline logic can be
 * tested instantly and exactly with a manual clock; production uses {@link systemClock}.
 */
export interface Clock {
  /** Monotonic milliseconds (fractional), comparable only with other readings of the same clock. */
  now(): number;
  /** Wall-clock milliseconds since the Unix epoch, for `created` timestamps. */
  epochMs(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Runs `callback` on the next turn of the event loop, after pending I/O. */
  setImmediate(callback: () => void): TimerHandle;
  clearImmediate(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  epochMs: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setImmediate: (callback) => setImmediate(callback),
  clearImmediate: (handle) => clearImmediate(handle as NodeJS.Immediate),
};
