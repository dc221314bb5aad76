import type { FastifyReply, FastifyRequest } from 'fastify';
import { releaseBody } from '../body/release-body.js';
import { sendAtDeadline } from './send-at-deadline.js';
import { sendEventStream } from './send-event-stream.js';
import type { StreamPlan } from './token-stream.js';

/**
 * What a route hands to delivery once it has planned its answer, whatever its API: an event stream (events sent
 * with the headers, then the plan's steps on their schedule) or a whole body due at an offset from arrival.
 * An API differs only in the encoder that builds these.
 */
export type Delivery =
  | { readonly kind: 'stream'; readonly opening: string; readonly plan: StreamPlan }
  | { readonly kind: 'body'; readonly dueOffsetMs: number; readonly body: unknown };

/**
 * Delivers a planned answer: the one place every route ends. A body's deadline is computed here once, from the
 * request's arrival, and recorded on the exchange for the ground truth and the log.
 */
export function deliver(
  request: FastifyRequest,
  reply: FastifyReply,
  delivery: Delivery,
): FastifyReply | Promise<FastifyReply | undefined> {
  releaseBody(request);
  if (delivery.kind === 'stream') return sendEventStream(request, reply, delivery.opening, delivery.plan);
  const dueMs = request.exchange.arrivalMs + delivery.dueOffsetMs;
  request.exchange.bodyDueMs = dueMs;
  return sendAtDeadline(request, reply, dueMs, delivery.body);
}
