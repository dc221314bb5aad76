import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/manual-clock.js';
import { RecordingSink } from '../../test/support/recording-sink.js';
import { StreamScheduler } from '../scheduler/stream-scheduler.js';
import { type StreamOutcome, TokenStream } from './token-stream.js';

function plan(startMs: number, offsetsMs: number[]) {
  return {
    startMs,
    offsetsMs: Float64Array.from(offsetsMs),
    renderStep: (step: number) => `s${step};`,
    renderTrailer: () => 'end;',
  };
}

function setup({ precisionWindowMs = 0, turnMs = 0 } = {}) {
  const clock = new ManualClock({ turnMs });
  const scheduler = new StreamScheduler(clock, { precisionWindowMs });
  return { clock, scheduler };
}

function startStream(
  scheduler: StreamScheduler,
  sink: RecordingSink,
  startMs: number,
  offsetsMs: number[],
): { stream: TokenStream; outcomes: StreamOutcome[] } {
  const outcomes: StreamOutcome[] = [];
  const stream = new TokenStream(scheduler, sink, plan(startMs, offsetsMs), (outcome) =>
    outcomes.push(outcome),
  );
  stream.start();
  return { stream, outcomes };
}

describe('TokenStream on the shared scheduler', () => {
  it('writes each step exactly at its absolute due time, then the trailer with the last step', () => {
    const { clock, scheduler } = setup();
    const sink = new RecordingSink(clock);
    const { outcomes } = startStream(scheduler, sink, 0, [10, 20, 30]);
    clock.advance(9);
    expect(sink.writes).toEqual([]);
    clock.advance(100);
    expect(sink.writes).toEqual([
      { atMs: 10, text: 's0;' },
      { atMs: 20, text: 's1;' },
      { atMs: 30, text: 's2;end;' },
    ]);
    expect(sink.ended).toBe(true);
    expect(outcomes).toEqual([
      { completed: true, end: 'completed', stepsWritten: 3, maxLatenessUs: 0, blockedMs: 0, pauses: 0 },
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('writes every overdue step in one write after a late wake, and later steps keep their schedule', () => {
    const { clock, scheduler } = setup();
    const sink = new RecordingSink(clock);
    const { outcomes } = startStream(scheduler, sink, 0, [10, 20, 30]);
    clock.block(25);
    clock.advance(0);
    clock.advance(100);
    expect(sink.writes).toEqual([
      { atMs: 25, text: 's0;s1;' },
      { atMs: 30, text: 's2;end;' },
    ]);
    expect(outcomes[0]?.maxLatenessUs).toBe(15_000);
    expect(scheduler.lateness.summary()).toMatchObject({ count: 3, maxUs: 15_000 });
  });

  it('serves many streams with a single pending timer', () => {
    const { clock, scheduler } = setup();
    const sinks = Array.from({ length: 50 }, () => new RecordingSink(clock));
    sinks.forEach((sink, index) => {
      startStream(scheduler, sink, index * 0.5, [5, 10, 15]);
    });
    expect(clock.pendingTimers).toBe(1);
    for (let step = 0; step < 40; step++) {
      clock.advance(1);
      expect(clock.pendingTimers).toBeLessThanOrEqual(1);
    }
    for (const sink of sinks) expect(sink.text).toBe('s0;s1;s2;end;');
  });

  it('stops writing on a full buffer and writes everything due at once on drain', () => {
    const { clock, scheduler } = setup();
    const sink = new RecordingSink(clock);
    startStream(scheduler, sink, 0, [10, 20, 30, 40]);
    sink.full = true;
    clock.advance(35);
    expect(sink.writes).toEqual([{ atMs: 10, text: 's0;' }]);
    expect(sink.waitingForDrain).toBe(true);
    expect(scheduler.stats().queuedJobs).toBe(0);
    sink.drain();
    expect(sink.writes.at(-1)).toEqual({ atMs: 35, text: 's1;s2;' });
    clock.advance(10);
    expect(sink.writes.at(-1)).toEqual({ atMs: 40, text: 's3;end;' });
    expect(sink.ended).toBe(true);
  });

  it('cancels at once when the client goes away and never writes again', () => {
    const { clock, scheduler } = setup();
    const sink = new RecordingSink(clock);
    const { stream, outcomes } = startStream(scheduler, sink, 0, [10, 20, 30]);
    clock.advance(15);
    sink.closed = true;
    stream.abort();
    expect(clock.pendingTimers).toBe(0);
    expect(scheduler.stats().queuedJobs).toBe(0);
    clock.advance(100);
    expect(sink.text).toBe('s0;');
    expect(outcomes).toEqual([
      { completed: false, end: 'client_gone', stepsWritten: 1, maxLatenessUs: 0, blockedMs: 0, pauses: 0 },
    ]);
  });

  it('polls the clock within the precision window, so fractional deadlines are met within a turn', () => {
    const { clock, scheduler } = setup({ precisionWindowMs: 1, turnMs: 0.1 });
    const sink = new RecordingSink(clock);
    startStream(scheduler, sink, 0, [10.35]);
    clock.advance(20);
    expect(clock.timeoutDelaysMs[0]).toBe(9);
    expect(sink.writes).toHaveLength(1);
    const writtenAtMs = sink.writes[0]?.atMs ?? Number.NaN;
    expect(writtenAtMs).toBeGreaterThanOrEqual(10.35);
    expect(writtenAtMs).toBeLessThan(10.35 + 0.1 + 1e-9);
  });

  it('sends only the trailer for an empty plan', () => {
    const { clock, scheduler } = setup();
    const sink = new RecordingSink(clock);
    const { outcomes } = startStream(scheduler, sink, 0, []);
    expect(sink.text).toBe('end;');
    expect(outcomes).toEqual([
      { completed: true, end: 'completed', stepsWritten: 0, maxLatenessUs: 0, blockedMs: 0, pauses: 0 },
    ]);
  });

  it('never writes a step early, writes each once and in order, whatever the schedule and stalls', () => {
    const streamArbitrary = fc.record({
      startMs: fc.integer({ min: 0, max: 50 }),
      ttftMs: fc.double({ min: 0, max: 40, noNaN: true }),
      itlMs: fc.double({ min: 0, max: 10, noNaN: true }),
      count: fc.integer({ min: 1, max: 12 }),
    });
    fc.assert(
      fc.property(
        fc.array(streamArbitrary, { minLength: 1, maxLength: 8 }),
        fc.array(fc.double({ min: 0, max: 7, noNaN: true }), { maxLength: 20 }),
        fc.constantFrom(0, 1),
        (streams, stallsMs, precisionWindowMs) => {
          const { clock, scheduler } = setup({ precisionWindowMs, turnMs: 0.05 });
          const started = streams.map((spec) => {
            const offsetsMs = Array.from(
              { length: spec.count },
              (_, index) => spec.ttftMs + index * spec.itlMs,
            );
            const sink = new RecordingSink(clock);
            startStream(scheduler, sink, spec.startMs, offsetsMs);
            return { sink, dueMs: offsetsMs.map((offset) => spec.startMs + offset) };
          });
          for (const stallMs of stallsMs) {
            clock.advance(3);
            clock.block(stallMs);
          }
          clock.advance(1_000);
          for (const { sink, dueMs } of started) {
            expect(sink.text).toBe(`${dueMs.map((_, step) => `s${step};`).join('')}end;`);
            let step = 0;
            for (const write of sink.writes) {
              for (const piece of write.text.split(';').filter((part) => part.startsWith('s'))) {
                expect(piece).toBe(`s${step}`);
                expect(write.atMs).toBeGreaterThanOrEqual(dueMs[step] as number);
                step += 1;
              }
            }
          }
          expect(clock.pendingTimers).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
