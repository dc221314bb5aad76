import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { addResponseHeaders } from '../plugins/response-headers.js';
import { isAnthropicRequest } from './anthropic-dialect.js';
import { anthropicBaseHeaders } from './anthropic-headers.js';

/**
 * Gives every Anthropic request's response (streams and errors included) its `request-id` and
 * `anthropic-ratelimit-*` headers. Registered before authentication, so a 401 carries them too.
 */
async function anthropicHeaders(app: FastifyInstance): Promise<void> {
  const clock = app.tokenpace.clock;
  app.addHook('onRequest', (request, _reply, done) => {
    if (isAnthropicRequest(request))
      addResponseHeaders(request, anthropicBaseHeaders(request.id, clock.epochMs()));
    done();
  });
}

export default fastifyPlugin(anthropicHeaders, {
  name: 'tokenpace-anthropic-headers',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange'],
});
