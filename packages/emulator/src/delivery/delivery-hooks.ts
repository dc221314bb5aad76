import type { FastifyReply, FastifyRequest } from 'fastify';
import { ObserverList, type StreamObserver } from './stream-observer.js';
import type { StreamPlan } from './token-stream.js';

/** Makes the observer of one stream, or null to leave it alone. */
export type StreamObserverFactory = (request: FastifyRequest, plan: StreamPlan) => StreamObserver | null;

/**
 * Reshapes the plan of a stream about to start (delivery faults: stalls, cuts, events left out), or returns
 * null to leave it alone. Runs once per stream, before observers are made, so they see the plan that runs.
 */
export type StreamPlanRewriter = (request: FastifyRequest, plan: StreamPlan) => StreamPlan | null;

/** What a body that is due becomes: sent as planned, replaced by another answer, or never sent (the connection was cut). */
export type BodyOutcome =
  | { readonly kind: 'send' }
  | {
      readonly kind: 'replace';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    }
  | { readonly kind: 'cut' };

const SEND_AS_PLANNED: BodyOutcome = { kind: 'send' };

/** Run once the body is due: may wait (stalls), and says what to send. */
export type DueBodyRewrite = () => Promise<BodyOutcome>;

/** Says what to do to a body when it is due (delivery faults), or returns null to leave it alone. */
export type BodyRewriter = (request: FastifyRequest, reply: FastifyReply) => DueBodyRewrite | null;

/**
 * What the features ask of delivery, registered once at start and asked by every delivery, streamed or not:
 * observers of streams (metrics, the ground-truth log), rewriters of a stream's plan and rewriters of a body when
 * it is due (delivery faults). A feature that is off registers nothing and costs nothing.
 */
export class DeliveryHooks {
  readonly #factories: StreamObserverFactory[] = [];
  readonly #rewriters: StreamPlanRewriter[] = [];
  readonly #bodyRewriters: BodyRewriter[] = [];

  add(factory: StreamObserverFactory): void {
    this.#factories.push(factory);
  }

  addRewriter(rewriter: StreamPlanRewriter): void {
    this.#rewriters.push(rewriter);
  }

  addBodyRewriter(rewriter: BodyRewriter): void {
    this.#bodyRewriters.push(rewriter);
  }

  /**
   * What to apply to a body once it is due, before it is written: null when no rewriter wants it (the common
   * case, with no promise made); else every rewriter that does, in the order they were added, until one
   * replaces the body or cuts the connection.
   */
  bodyRewriteFor(request: FastifyRequest, reply: FastifyReply): DueBodyRewrite | null {
    let rewrites: DueBodyRewrite[] | null = null;
    for (const rewriter of this.#bodyRewriters) {
      const rewrite = rewriter(request, reply);
      if (rewrite === null) continue;
      rewrites ??= [];
      rewrites.push(rewrite);
    }
    if (rewrites === null) return null;
    if (rewrites.length === 1) return rewrites[0] as DueBodyRewrite;
    const chain = rewrites;
    return async () => {
      for (const rewrite of chain) {
        const outcome = await rewrite();
        if (outcome.kind !== 'send') return outcome;
      }
      return SEND_AS_PLANNED;
    };
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
