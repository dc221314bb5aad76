import { findRequestKey, requestKeyMarker } from '@tokenpace/core';
import type { FastifyRequest } from 'fastify';

/**
 * Once a route has planned its answer, replaces the parsed body with the little that is read after planning
 * (while the answer waits for its TTFT and when its response closes): the model, for metrics, faults and error
 * bodies, and the request key the ground truth finds in the prompt, kept as a marker in `instructions`. A
 * request waiting for its first token then holds kilobytes, not its messages, prompt or tools.
 */
export function releaseBody(request: FastifyRequest): void {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return;
  const model = (body as { model?: unknown }).model;
  const key = findRequestKey(body);
  request.body = {
    ...(typeof model === 'string' ? { model } : {}),
    ...(key === null ? {} : { instructions: requestKeyMarker(key) }),
  };
}
