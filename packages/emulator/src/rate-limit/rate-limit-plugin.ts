import type { RateLimitSnapshot } from '@tokenpace/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { isAnthropicRequest } from '../anthropic/anthropic-dialect.js';
import { anthropicRateLimitHeaders } from '../anthropic/anthropic-headers.js';
import { presentedApiKey } from '../auth/api-key.js';
import { asyncStageHook } from '../pipeline/request-pipeline.js';
import { addResponseHeaders } from '../plugins/response-headers.js';
import { sharedTrafficState } from '../traffic-state/shared-traffic-state.js';
import { RateLimitError } from './rate-limit-error.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { requestedTokens } from './requested-tokens.js';

/** The key of requests without an API key, when limits are per key: they share one bucket. */
const ANONYMOUS_KEY = '';
const GLOBAL_KEY = '*';

/**
 * Real rate limits when `rateLimits` sets any: requests and tokens per minute, per API key or global, each a
 * continuously refilling bucket. A timed request spends one request and its prompt plus requested output
 * tokens, or is refused with a 429 saying exactly when to retry. Every response carries the limiter's
 * `x-ratelimit-*` headers for its key (dimensions without a limit keep the generous defaults).
 */
async function rateLimits(app: FastifyInstance): Promise<void> {
  const { config } = app.tokenpace;
  if (config.rateLimits.requestsPerMinute === 0 && config.rateLimits.tokensPerMinute === 0) return;
  const traffic = sharedTrafficState(app);
  /** The limiter's headers in the request's API's names (Anthropic's reset is an instant, not a duration). */
  const headersFor = (request: FastifyRequest, snapshot: RateLimitSnapshot): Record<string, string> =>
    isAnthropicRequest(request)
      ? anthropicRateLimitHeaders(snapshot, app.tokenpace.clock.epochMs())
      : rateLimitHeaders(snapshot);
  const keyOf = (request: FastifyRequest): string =>
    config.rateLimits.scope === 'global' ? GLOBAL_KEY : (presentedApiKey(request.headers) ?? ANONYMOUS_KEY);

  /** Requests whose headers carry their admission's state already. */
  const reported = new WeakSet<FastifyRequest>();
  // Its stage comes after timing and rules: the output length is final.
  app.tokenpacePipeline.add(
    'rate-limit',
    asyncStageHook(async (request) => {
      if (request.routeOptions.config.timed !== true) return;
      const tokens = await requestedTokens(request);
      const admission = await traffic.admit(keyOf(request), tokens);
      // Streams write their headers themselves: they take these from the exchange.
      addResponseHeaders(request, headersFor(request, admission.snapshot));
      reported.add(request);
      if (admission.admitted) return;
      const model = (request.body as { model?: unknown }).model;
      throw new RateLimitError({
        model: typeof model === 'string' ? model : 'unknown',
        limit: admission.limit,
        limitValue: admission.limitValue,
        used: admission.used,
        requested: admission.requested,
        retryAfterMs: admission.retryAfterMs,
      });
    }),
  );
  // Every other response (other routes, requests refused before admission) reports its key's state as it is.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reported.has(request)) reply.headers(headersFor(request, await traffic.peek(keyOf(request))));
    return payload;
  });
}

export default fastifyPlugin(rateLimits, {
  name: 'tokenpace-rate-limits',
  fastify: '5.x',
  dependencies: [
    'tokenpace-services',
    'tokenpace-exchange',
    'tokenpace-pipeline',
    'tokenpace-timing',
    'tokenpace-scripted',
  ],
});
