import type { FastifyRequest } from 'fastify';

/** The header every Anthropic client sends; it also selects Anthropic's shapes on shared paths (`/v1/models`). */
export const ANTHROPIC_VERSION_HEADER = 'anthropic-version';

const MESSAGES_PREFIX = '/v1/messages';

/**
 * Whether `request` is answered in Anthropic's shapes (errors, headers, models): the Messages API's paths, and
 * any request that carries `anthropic-version`, as Anthropic's SDKs always do.
 */
export function isAnthropicRequest(request: FastifyRequest): boolean {
  return request.url.startsWith(MESSAGES_PREFIX) || request.headers[ANTHROPIC_VERSION_HEADER] !== undefined;
}
