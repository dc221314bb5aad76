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

  it('polls within the precision window while on time, and sleeps on a timer to the deadline while behind', () => {
    const clock = new ManualClock({ turnMs: 0.25 });
    const scheduler = new StreamScheduler(clock, { precisionWindowMs: 1 });
    const firedAtMs: number[] = [];
    // On time: the timer wakes it at the start of the window (9 ms), then it polls every turn until 10 ms.
    scheduler.schedule(job(clock, 10, 0, firedAtMs));
    expect(clock.timeoutDelaysMs).toEqual([9]);
    clock.advanceTo(10);
    expect(firedAtMs).toEqual([10]);
    // A job found 5.25 ms late marks it behind: the next deadline, 0.25 ms away, gets a timer instead of polls.
    scheduler.schedule(job(clock, 5, 0, firedAtMs));
    scheduler.schedule(job(clock, 10.5, 0, firedAtMs));
    clock.advance(0.25);
    expect(firedAtMs).toEqual([10, 10.25]);
    expect(clock.timeoutDelaysMs).toEqual([9, 1]);
    // Served 0.75 ms late, within the window: on time again, so the next deadline is polled for, without a timer.
    clock.advanceTo(11.25);
    expect(firedAtMs).toEqual([10, 10.25, 11.25]);
    scheduler.schedule(job(clock, 11.75, 0, firedAtMs));
    clock.advanceTo(11.75);
    expect(firedAtMs).toEqual([10, 10.25, 11.25, 11.75]);
    expect(clock.timeoutDelaysMs).toEqual([9, 1]);
  });
});
