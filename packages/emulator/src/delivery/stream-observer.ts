import type { FastifyRequest } from 'fastify';
import type { StreamOutcome, StreamPlan } from './token-stream.js';

/**
 * Watches one token stream as it is written: metrics, the ground-truth log. Callbacks run on the stream's hot
 * path, so they must be cheap and must not allocate per token; they only observe — they must not write to the
 * stream or end it.
 */
export interface StreamObserver {
  /** Step `step` is due and about to be written, `latenessUs` after its due time; −1 when its client held it back. */
  stepDue(step: number, latenessUs: number): void;
  /** Steps `fromStep` … `toStep − 1` were handed to the socket in one write; `writtenMs` is the clock just after. */
  written(fromStep: number, toStep: number, writtenMs: number): void;
  /** The stream ended (called once, after its last write). */
  finished(outcome: StreamOutcome): void;
}

/** Makes the observer of one stream, or null to leave it alone. */
export type StreamObserverFactory = (request: FastifyRequest, plan: StreamPlan) => StreamObserver | null;

/**
 * Reshapes the plan of a stream about to start (delivery faults: stalls, cuts, events left out), or returns
 * null to leave it alone. Runs once per stream, before observers are made, so they see the plan that runs.
 */
export type StreamPlanRewriter = (request: FastifyRequest, plan: StreamPlan) => StreamPlan | null;

/** Several observers of one stream, called in the order their factories were added. */
class ObserverList implements StreamObserver {
  readonly #observers: readonly StreamObserver[];

  constructor(observers: readonly StreamObserver[]) {
    this.#observers = observers;
  }

  stepDue(step: number, latenessUs: number): void {
    for (const observer of this.#observers) observer.stepDue(step, latenessUs);
  }

  written(fromStep: number, toStep: number, writtenMs: number): void {
    for (const observer of this.#observers) observer.written(fromStep, toStep, writtenMs);
  }

  finished(outcome: StreamOutcome): void {
    for (const observer of this.#observers) observer.finished(outcome);
  }
}

/** The server's stream observer factories: a plugin adds one at start, every stream asks them all. */
export class StreamHooks {
  readonly #factories: StreamObserverFactory[] = [];
  readonly #rewriters: StreamPlanRewriter[] = [];

  add(factory: StreamObserverFactory): void {
    this.#factories.push(factory);
  }

  addRewriter(rewriter: StreamPlanRewriter): void {
    this.#rewriters.push(rewriter);
  }

  /** The plan a stream about to start follows: `plan` through every rewriter, in the order they were added. */
  planFor(request: FastifyRequest, plan: StreamPlan): StreamPlan {
    let current = plan;
    for (const rewriter of this.#rewriters) current = rewriter(request, current) ?? current;
    return current;
  }

  /** The observer of a stream about to start, or null when no factory wants to watch it. */
  observerFor(request: FastifyRequest, plan: StreamPlan): StreamObserver | null {
    let single: StreamObserver | null = null;
    let several: StreamObserver[] | null = null;
    for (const factory of this.#factories) {
      const observer = factory(request, plan);
      if (observer === null) continue;
      if (single === null) {
        single = observer;
        continue;
      }
      several ??= [single];
      several.push(observer);
    }
    return several === null ? single : new ObserverList(several);
  }
}
