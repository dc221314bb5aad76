import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/manual-clock.js';
import { RecordingSink } from '../../test/support/recording-sink.js';
import { ServerShuttingDownError } from '../errors/catalogue.js';
import { Deadline } from '../scheduler/deadline.js';
import { StreamScheduler } from '../scheduler/stream-scheduler.js';
import { InFlightResponses } from './in-flight.js';
import { type StreamOutcome, TokenStream } from './token-stream.js';

function setup(maxBlockedMs = 0) {
  const clock = new ManualClock();
  const scheduler = new StreamScheduler(clock, { precisionWindowMs: 0 });
  const inFlight = new InFlightResponses(clock, { maxBlockedMs });
  return { clock, scheduler, inFlight };
}

function startStream(
  { clock, scheduler, inFlight }: ReturnType<typeof setup>,
  offsetsMs: number[],
): { sink: RecordingSink; outcomes: StreamOutcome[]; stream: TokenStream } {
  const sink = new RecordingSink(clock);
  const outcomes: StreamOutcome[] = [];
  const plan = {
    startMs: clock.now(),
    offsetsMs: Float64Array.from(offsetsMs),
    renderStep: (step: number) => `s${step};`,
    renderTrailer: () => 'end;',
  };
  const stream = new TokenStream(scheduler, sink, plan, (outcome) => outcomes.push(outcome), inFlight);
  stream.start();
  return { sink, outcomes, stream };
}

const SHUTDOWN_EVENT = `data: ${JSON.stringify(new ServerShuttingDownError().toBody())}\n\n`;

describe('InFlightResponses', () => {
  it('times how long each stream waited for its client, and keeps that wait out of the lateness', () => {
    const context = setup();
    const { sink, outcomes } = startStream(context, [10, 20, 30]);
    expect(context.inFlight.stats().activeStreams).toBe(1);
    sink.full = true;
    context.clock.advance(10);
    expect(context.inFlight.stats()).toMatchObject({ pausedStreams: 1, pauses: 1 });
    context.clock.advance(37.5);
    sink.drain();
    context.clock.advance(100);
    expect(outcomes).toEqual([
      { completed: true, end: 'completed', stepsWritten: 3, maxLatenessUs: 0, blockedMs: 37.5, pauses: 1 },
    ]);
    // Steps 1 and 2 (due at 20 and 30) left at 47.5, held back by the client: blocked time, not lateness.
    expect(context.scheduler.lateness.count).toBe(1);
    expect(context.inFlight.stats()).toMatchObject({
      activeStreams: 0,
      pausedStreams: 0,
      pauses: 1,
      blockedMs: 37.5,
      maxBlockedMs: 37.5,
      stalledStreams: 0,
    });
    expect(context.clock.pendingTimers).toBe(0);
  });

  it('cuts a stream whose client reads nothing for the limit, with one timer for every paused stream', () => {
    const context = setup(100);
    const first = startStream(context, [10, 200]);
    first.sink.full = true;
    context.clock.advance(30);
    const second = startStream(context, [10, 200]);
    second.sink.full = true;
    context.clock.advance(10);
    // Both streams paused (at 10 and 40); the watch holds one timer, for the oldest pause.
    expect(context.inFlight.stats().pausedStreams).toBe(2);
    expect(context.clock.pendingTimers).toBe(1);
    context.clock.advance(50);
    second.sink.drain();
    context.clock.advance(300);
    expect(first.sink.destroyed).toBe(true);
    expect(first.outcomes[0]).toEqual({
      completed: false,
      end: 'stalled',
      stepsWritten: 1,
      maxLatenessUs: 0,
      blockedMs: 100,
      pauses: 1,
    });
    expect(second.outcomes[0]).toMatchObject({
      completed: true,
      end: 'completed',
      stepsWritten: 2,
      blockedMs: 50,
    });
    expect(context.inFlight.stats()).toMatchObject({ activeStreams: 0, pausedStreams: 0, stalledStreams: 1 });
    expect(context.clock.pendingTimers).toBe(0);
  });

  it('ends every stream with an error event and every waiting response with the error, on interrupt', async () => {
    const context = setup();
    const first = startStream(context, [10, 20, 30]);
    const second = startStream(context, [5, 500]);
    const deadline = new Deadline(context.scheduler, 1_000, context.inFlight);
    context.clock.advance(12);
    expect(context.inFlight.size).toBe(3);
    const error = new ServerShuttingDownError();
    expect(context.inFlight.interruptAll(error)).toBe(3);
    expect(first.sink.text).toBe(`s0;${SHUTDOWN_EVENT}`);
    expect(second.sink.text).toBe(`s0;${SHUTDOWN_EVENT}`);
    expect(first.sink.ended && second.sink.ended).toBe(true);
    expect(first.outcomes[0]).toMatchObject({ completed: false, end: 'interrupted', stepsWritten: 1 });
    expect(await deadline.promise).toEqual({ reached: false, latenessUs: 0, error });
    expect(context.inFlight.size).toBe(0);
    expect(context.inFlight.stats()).toMatchObject({ interrupted: 3, activeStreams: 0, waitingResponses: 0 });
    expect(context.clock.pendingTimers).toBe(0);
  });

  it('sums the bytes open streams hold in their socket buffers', () => {
    const context = setup();
    const first = startStream(context, [10]);
    const second = startStream(context, [10]);
    first.sink.bufferedBytes = 1_000;
    second.sink.bufferedBytes = 24;
    expect(context.inFlight.stats().bufferedBytes).toBe(1_024);
  });

  it('forgets a stream whose client went away while it was paused', () => {
    const context = setup(100);
    const { sink, stream, outcomes } = startStream(context, [10, 20]);
    sink.full = true;
    context.clock.advance(15);
    sink.closed = true;
    stream.abort();
    expect(outcomes[0]).toMatchObject({ end: 'client_gone', blockedMs: 5, pauses: 1 });
    expect(context.inFlight.stats()).toMatchObject({ activeStreams: 0, pausedStreams: 0 });
    expect(context.clock.pendingTimers).toBe(0);
  });
});
