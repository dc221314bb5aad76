import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/manual-clock.js';
import { type ScheduledJob, StreamScheduler } from './stream-scheduler.js';

/** A job due once at `dueMs` whose work takes `workMs` of clock time; records when it fired. */
function job(clock: ManualClock, dueMs: number, workMs: number, firedAtMs: number[]): ScheduledJob {
  return {
    dueMs,
    heapIndex: -1,
    fire(nowMs: number): boolean {
      firedAtMs.push(nowMs);
      clock.block(workMs);
      return false;
    },
  };
}

describe('StreamScheduler', () => {
  it('stops a wake past its time bound and serves the rest on the next turn', () => {
    const clock = new ManualClock();
    const scheduler = new StreamScheduler(clock, { precisionWindowMs: 0, maxWakeMs: 2 });
    const firedAtMs: number[] = [];
    for (let index = 0; index < 5; index++) scheduler.schedule(job(clock, 0, 1, firedAtMs));
    clock.runImmediates();
    // 0, 1 and 2 ms are within the bound of a wake that began at 0; the job at 3 ms waits for the next turn.
    expect(firedAtMs).toEqual([0, 1, 2, 3, 4]);
    expect(scheduler.stats()).toEqual({ queuedJobs: 0, wakeCount: 2, yieldedWakes: 1 });
  });

  it('sleeps on a timer until the precision window, then polls every turn until the deadline', () => {
    const clock = new ManualClock({ turnMs: 0.25 });
    const scheduler = new StreamScheduler(clock, { precisionWindowMs: 1 });
    const firedAtMs: number[] = [];
    scheduler.schedule(job(clock, 10, 0, firedAtMs));
    expect(clock.timeoutDelaysMs).toEqual([9]);
    clock.advanceTo(9.75);
    expect(firedAtMs).toEqual([]);
    clock.advanceTo(10);
    expect(firedAtMs).toEqual([10]);
    // A deadline within the window is polled for from the start: no timer.
    scheduler.schedule(job(clock, 10.5, 0, firedAtMs));
    clock.advanceTo(10.5);
    expect(firedAtMs).toEqual([10, 10.5]);
    expect(clock.timeoutDelaysMs).toEqual([9]);
    expect(scheduler.stats()).toMatchObject({ queuedJobs: 0, yieldedWakes: 0 });
  });
});
