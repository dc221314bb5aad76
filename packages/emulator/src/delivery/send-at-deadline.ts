import type { FastifyReply, FastifyRequest } from 'fastify';
import { Deadline } from '../scheduler/deadline.js';
import type { DueBodyRewrite } from './delivery-hooks.js';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Sends `body` as JSON at `dueMs` (clock time). It is serialized first, so the wait ends with a write, not
 * with work. A deadline that has already passed (TTFT 0, ITL 0, or planning took longer than the schedule)
 * goes out on the next turn of the event loop with the other due replies (see DueReplies). Otherwise the
 * response waits on the shared scheduler: if the client goes away before then, the deadline is cancelled and
 * nothing is sent; if the server ends the wait (shutdown), the error it gives is sent instead. A body that a
 * delivery hook rewrites (delivery faults) always waits on the scheduler, and is rewritten once it is due.
 */
export function sendAtDeadline(
  request: FastifyRequest,
  reply: FastifyReply,
  dueMs: number,
  body: unknown,
): Promise<FastifyReply | undefined> {
  const payload = JSON.stringify(body);
  const { scheduler, inFlight, dueReplies, deliveryHooks } = request.server.tokenpace;
  const rewrite = deliveryHooks.bodyRewriteFor(request, reply);
  // Resolves without a value once sent: the reply is sent (or hijacked), so fastify has nothing left to do.
  if (rewrite === null && dueMs <= scheduler.clock.now()) {
    return dueReplies.add(reply, dueMs, payload) as Promise<undefined>;
  }
  return sendWhenDue(request, reply, new Deadline(scheduler, dueMs, inFlight), payload, rewrite);
}

async function sendWhenDue(
  request: FastifyRequest,
  reply: FastifyReply,
  deadline: Deadline,
  payload: string,
  rewrite: DueBodyRewrite | null,
): Promise<FastifyReply> {
  const cancel = (): void => deadline.cancel();
  reply.raw.once('close', cancel);
  const outcome = await deadline.promise;
  reply.raw.removeListener('close', cancel);
  if (outcome.error !== null) throw outcome.error;
  if (!outcome.reached) return reply.hijack();
  request.exchange.maxLatenessUs = outcome.latenessUs;
  if (rewrite !== null) {
    const rewritten = await rewrite();
    if (rewritten.kind === 'cut') return reply.hijack();
    if (rewritten.kind === 'replace') {
      return reply
        .code(rewritten.status)
        .headers(rewritten.headers)
        .type(JSON_CONTENT_TYPE)
        .send(rewritten.body);
    }
  }
  return reply.type(JSON_CONTENT_TYPE).send(payload);
}
