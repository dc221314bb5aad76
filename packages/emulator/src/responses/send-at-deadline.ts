import type { FastifyReply, FastifyRequest } from 'fastify';
import { Deadline } from '../streaming/deadline.js';

/**
 * Sends `body` as JSON at `dueMs` (clock time). It is serialized first, so the wait ends with a write, not
 * with work. If the client goes away before then, the deadline is cancelled and nothing is sent; if the server
 * ends the wait (shutdown), the error it gives is sent instead.
 */
export async function sendAtDeadline(
  request: FastifyRequest,
  reply: FastifyReply,
  dueMs: number,
  body: unknown,
): Promise<FastifyReply> {
  const payload = JSON.stringify(body);
  const { scheduler, inFlight } = request.server.tokenpace;
  const deadline = new Deadline(scheduler, dueMs, inFlight);
  const cancel = (): void => deadline.cancel();
  reply.raw.once('close', cancel);
  const outcome = await deadline.promise;
  reply.raw.removeListener('close', cancel);
  if (outcome.error !== null) throw outcome.error;
  if (!outcome.reached) return reply.hijack();
  request.exchange.maxLatenessUs = outcome.latenessUs;
  return reply.type('application/json; charset=utf-8').send(payload);
}
