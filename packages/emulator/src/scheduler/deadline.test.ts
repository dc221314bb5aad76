import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/manual-clock.js';
import { Deadline } from './deadline.js';
import { StreamScheduler } from './stream-scheduler.js';

describe('Deadline', () => {
  it('resolves at its due time and records its lateness', async () => {
    const clock = new ManualClock();
    const scheduler = new StreamScheduler(clock, { precisionWindowMs: 0 });
    const deadline = new Deadline(scheduler, 250);
    let settledAtMs = -1;
    void deadline.promise.then(() => {
      settledAtMs = clock.now();
    });
    clock.advance(249);
    await Promise.resolve();
    expect(settledAtMs).toBe(-1);
    clock.advance(1);
    expect(await deadline.promise).toEqual({ reached: true, latenessUs: 0, error: null });
    expect(settledAtMs).toBe(250);
    expect(scheduler.lateness.count).toBe(1);
  });

  it('resolves as not reached when cancelled, and leaves no timer behind', async () => {
    const clock = new ManualClock();
    const scheduler = new StreamScheduler(clock, { precisionWindowMs: 0 });
    const deadline = new Deadline(scheduler, 250);
    clock.advance(100);
    deadline.cancel();
    expect(clock.pendingTimers).toBe(0);
    expect(await deadline.promise).toEqual({ reached: false, latenessUs: 0, error: null });
  });
});
