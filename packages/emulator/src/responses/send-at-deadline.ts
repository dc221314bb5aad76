import type { FastifyReply, FastifyRequest } from 'fastify';
import { Deadline } from '../streaming/deadline.js';

/**
 * Sends `body` as JSON at `dueMs` (clock time). It is serialized first, so the wait ends with a write, not
 * with work. If the client goes away before then, the deadline is cancelled and nothing is sent.
 */
export async function sendAtDeadline(
  request: FastifyRequest,
  reply: FastifyReply,
  dueMs: number,
  body: unknown,
): Promise<FastifyReply> {
  const payload = JSON.stringify(body);
  const deadline = new Deadline(request.server.tokenpace.scheduler, dueMs);
  const cancel = (): void => deadline.cancel();
  reply.raw.once('close', cancel);
  const outcome = await deadline.promise;
  reply.raw.removeListener('close', cancel);
  if (!outcome.reached) return reply.hijack();
  request.exchange.maxLatenessUs = outcome.latenessUs;
  return reply.type('application/json; charset=utf-8').send(payload);
}
