import type { FastifyReply, FastifyRequest } from 'fastify';
import { Deadline } from '../scheduler/deadline.js';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Sends `body` as JSON at `dueMs` (clock time). It is serialized first, so the wait ends with a write, not
 * with work. A deadline that has already passed (TTFT 0, ITL 0, or planning took longer than the schedule)
 * goes out on the next turn of the event loop with the other due replies (see DueReplies). Otherwise the
 * response waits on the shared scheduler: if the client goes away before then, the deadline is cancelled and
 * nothing is sent; if the server ends the wait (shutdown), the error it gives is sent instead.
 */
export function sendAtDeadline(
  request: FastifyRequest,
  reply: FastifyReply,
  dueMs: number,
  body: unknown,
): Promise<FastifyReply | undefined> {
  const payload = JSON.stringify(body);
  const { scheduler, inFlight, dueReplies } = request.server.tokenpace;
  // Resolves without a value once sent: the reply is sent (or hijacked), so fastify has nothing left to do.
  if (dueMs <= scheduler.clock.now()) return dueReplies.add(reply, dueMs, payload) as Promise<undefined>;
  return sendWhenDue(request, reply, new Deadline(scheduler, dueMs, inFlight), payload);
}

async function sendWhenDue(
  request: FastifyRequest,
  reply: FastifyReply,
  deadline: Deadline,
  payload: string,
): Promise<FastifyReply> {
  const cancel = (): void => deadline.cancel();
  reply.raw.once('close', cancel);
  const outcome = await deadline.promise;
  reply.raw.removeListener('close', cancel);
  if (outcome.error !== null) throw outcome.error;
  if (!outcome.reached) return reply.hijack();
  request.exchange.maxLatenessUs = outcome.latenessUs;
  return reply.type(JSON_CONTENT_TYPE).send(payload);
}
