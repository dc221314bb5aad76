import type { FastifyRequest } from 'fastify';

/**
 * Adds headers to `request`'s response, after OpenAI's and the emulator's own: they reach streams too, whose
 * headers are written directly. A later call overrides an earlier one's values.
 */
export function addResponseHeaders(request: FastifyRequest, headers: Readonly<Record<string, string>>): void {
  const exchange = request.exchange;
  if (exchange.extraHeaders === null) exchange.extraHeaders = { ...headers };
  else Object.assign(exchange.extraHeaders, headers);
}
