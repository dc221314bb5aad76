import {
  RESPONSE_HEADER_CONFIGURED_ITL_MS,
  RESPONSE_HEADER_CONFIGURED_OUTPUT_LENGTH,
  RESPONSE_HEADER_CONFIGURED_TTFT_MS,
} from '@tokenpace/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { isAnthropicRequest } from '../anthropic/anthropic-dialect.js';

/**
 * Headers real OpenAI responses carry, with constant, generous rate limits: a gateway that reads them must
 * never throttle the load it is being measured under.
 */
const STATIC_HEADERS = {
  'openai-version': '2020-10-01',
  'openai-organization': 'tokenpace',
  'x-ratelimit-limit-requests': '1000000',
  'x-ratelimit-remaining-requests': '999999',
  'x-ratelimit-reset-requests': '0s',
  'x-ratelimit-limit-tokens': '1000000000',
  'x-ratelimit-remaining-tokens': '999999999',
  'x-ratelimit-reset-tokens': '0s',
} as const;

/** Whole milliseconds from arrival to `atMs`. */
function processingMs(request: FastifyRequest, atMs: number): string {
  const arrivalMs = request.exchange?.arrivalMs ?? atMs;
  return String(Math.max(0, Math.round(atMs - arrivalMs)));
}

/**
 * The OpenAI headers of `request`'s response, plus the resolved timing (`x-tokenpace-*`) so that clients can
 * compare what they observe with what was configured.
 */
export function openAiHeaders(request: FastifyRequest, atMs: number): Record<string, string> {
  // Anthropic's responses carry its own headers instead (request-id, anthropic-ratelimit-*; see anthropic/).
  const headers: Record<string, string> = isAnthropicRequest(request)
    ? {}
    : { 'x-request-id': request.id, 'openai-processing-ms': processingMs(request, atMs), ...STATIC_HEADERS };
  const timing = request.exchange?.timing;
  if (timing) {
    headers[RESPONSE_HEADER_CONFIGURED_TTFT_MS] = String(timing.ttftMs);
    headers[RESPONSE_HEADER_CONFIGURED_ITL_MS] = String(timing.itlMs);
    headers[RESPONSE_HEADER_CONFIGURED_OUTPUT_LENGTH] = String(timing.outputLength);
  }
  const extraHeaders = request.exchange?.extraHeaders;
  if (extraHeaders) Object.assign(headers, extraHeaders);
  return headers;
}

async function openAiHeadersPlugin(app: FastifyInstance): Promise<void> {
  const clock = app.tokenpace.clock;
  // Streams write their headers themselves (the reply is hijacked); everything else gets them here.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(openAiHeaders(request, clock.now()));
    done(null, payload);
  });
}

export default fastifyPlugin(openAiHeadersPlugin, {
  name: 'tokenpace-openai-headers',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange'],
});
