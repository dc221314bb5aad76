import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/manual-clock.js';
import { RecordingSink } from '../../test/support/recording-sink.js';
import { StreamScheduler } from '../scheduler/stream-scheduler.js';
import { type BodyOutcome, type BodyRewriter, DeliveryHooks } from './delivery-hooks.js';
import type { StreamObserver } from './stream-observer.js';
import { type StreamOutcome, type StreamPlan, TokenStream } from './token-stream.js';

type Call =
  | [name: 'due', step: number, latenessUs: number]
  | [name: 'written', from: number, to: number, atMs: number];

class RecordingObserver implements StreamObserver {
  readonly calls: Call[] = [];
  readonly outcomes: StreamOutcome[] = [];

  stepDue(step: number, latenessUs: number): void {
    this.calls.push(['due', step, latenessUs]);
  }

  written(fromStep: number, toStep: number, writtenMs: number): void {
    this.calls.push(['written', fromStep, toStep, writtenMs]);
  }

  finished(outcome: StreamOutcome): void {
    this.outcomes.push(outcome);
  }
}

function plan(offsetsMs: number[]): StreamPlan {
  return {
    startMs: 0,
    offsetsMs: Float64Array.from(offsetsMs),
    renderStep: (step) => `s${step};`,
    renderTrailer: () => 'end;',
  };
}

function observedStream(offsetsMs: number[]) {
  const clock = new ManualClock();
  const scheduler = new StreamScheduler(clock, { precisionWindowMs: 0 });
  const sink = new RecordingSink(clock);
  const stream = new TokenStream(scheduler, sink, plan(offsetsMs), () => {});
  const observer = new RecordingObserver();
  stream.observer = observer;
  stream.start();
  return { clock, sink, stream, observer };
}

describe('TokenStream observer', () => {
  it('sees every step with its lateness, and each write with the steps it carried', () => {
    const { clock, observer } = observedStream([10, 20, 30]);
    clock.advance(10);
    clock.block(25);
    clock.advance(100);
    expect(observer.calls).toEqual([
      ['due', 0, 0],
      ['written', 0, 1, 10],
      ['due', 1, 15_000],
      ['due', 2, 5000],
      ['written', 1, 3, 35],
    ]);
    expect(observer.outcomes).toMatchObject([{ completed: true, end: 'completed', stepsWritten: 3 }]);
  });

  it('marks steps its client held back with −1, and is told once when the client goes away', () => {
    const { clock, sink, stream, observer } = observedStream([10, 20, 30, 40]);
    sink.full = true;
    clock.advance(10);
    clock.advance(15);
    sink.drain();
    stream.abort();
    stream.abort();
    expect(observer.calls).toEqual([
      ['due', 0, 0],
      ['written', 0, 1, 10],
      ['due', 1, -1],
      ['written', 1, 2, 25],
    ]);
    expect(observer.outcomes).toMatchObject([{ completed: false, end: 'client_gone', stepsWritten: 2 }]);
  });
});

describe('DeliveryHooks', () => {
  const request = {} as FastifyRequest;

  it('returns null without factories, the one observer, or all of them in order', () => {
    const hooks = new DeliveryHooks();
    expect(hooks.observerFor(request, plan([1]))).toBeNull();
    const first = new RecordingObserver();
    hooks.add(() => first);
    hooks.add(() => null);
    expect(hooks.observerFor(request, plan([1]))).toBe(first);
    const second = new RecordingObserver();
    hooks.add((_request, streamPlan) => (streamPlan.offsetsMs.length > 1 ? second : null));
    const both = hooks.observerFor(request, plan([1, 2]));
    both?.stepDue(0, 7);
    both?.written(0, 1, 3);
    both?.finished({
      completed: true,
      end: 'completed',
      stepsWritten: 1,
      maxLatenessUs: 7,
      blockedMs: 0,
      pauses: 0,
    });
    for (const observer of [first, second]) {
      expect(observer.calls).toEqual([
        ['due', 0, 7],
        ['written', 0, 1, 3],
      ]);
      expect(observer.outcomes).toHaveLength(1);
    }
  });

  it('leaves a body alone without a rewriter that wants it, and stops at the first that replaces or cuts it', async () => {
    const reply = {} as FastifyReply;
    const hooks = new DeliveryHooks();
    hooks.addBodyRewriter(() => null);
    expect(hooks.bodyRewriteFor(request, reply)).toBeNull();
    const asked: string[] = [];
    const rewriter =
      (name: string, outcome: BodyOutcome): BodyRewriter =>
      () =>
      async () => {
        asked.push(name);
        return outcome;
      };
    hooks.addBodyRewriter(rewriter('first', { kind: 'send' }));
    expect(await hooks.bodyRewriteFor(request, reply)?.()).toEqual({ kind: 'send' });
    expect(asked).toEqual(['first']);
    hooks.addBodyRewriter(rewriter('cut', { kind: 'cut' }));
    hooks.addBodyRewriter(rewriter('never', { kind: 'send' }));
    asked.length = 0;
    expect(await hooks.bodyRewriteFor(request, reply)?.()).toEqual({ kind: 'cut' });
    expect(asked).toEqual(['first', 'cut']);
  });
});
