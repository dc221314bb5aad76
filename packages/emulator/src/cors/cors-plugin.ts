import {
  HEADER_SHOULD_RETRY,
  RESPONSE_HEADER_CONFIGURED_ITL_MS,
  RESPONSE_HEADER_CONFIGURED_OUTPUT_LENGTH,
  RESPONSE_HEADER_CONFIGURED_TTFT_MS,
  RESPONSE_HEADER_FAULT,
  RESPONSE_HEADER_RULE,
} from '@tokenpace/core';
import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { addResponseHeaders } from '../plugins/response-headers.js';

/** Response headers a browser client may read: OpenAI's, and the emulator's own. */
const EXPOSED_HEADERS = [
  'x-request-id',
  'openai-processing-ms',
  'openai-version',
  'openai-organization',
  'x-ratelimit-limit-requests',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-reset-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-tokens',
  'retry-after',
  'retry-after-ms',
  HEADER_SHOULD_RETRY,
  RESPONSE_HEADER_CONFIGURED_TTFT_MS,
  RESPONSE_HEADER_CONFIGURED_ITL_MS,
  RESPONSE_HEADER_CONFIGURED_OUTPUT_LENGTH,
  RESPONSE_HEADER_FAULT,
  RESPONSE_HEADER_RULE,
].join(', ');

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** How long a browser may cache a preflight answer, s. */
const PREFLIGHT_MAX_AGE_S = '600';

/**
 * CORS for browser clients, off unless `cors.origins` is set: requests from an allowed origin get
 * `access-control-allow-origin` (and the exposed headers) on every response, streams included; preflight
 * `OPTIONS` requests are answered 204 before authentication, as browsers send them without credentials.
 */
async function cors(app: FastifyInstance): Promise<void> {
  const origins = app.tokenpace.config.cors.origins;
  if (origins.length === 0) return;
  const anyOrigin = origins.includes('*');
  const allowed = new Set(origins);
  // A callback hook: it runs on every request and needs no promise. A preflight is answered here, without `done`.
  app.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || !(anyOrigin || allowed.has(origin.toLowerCase()))) return done();
    const headers: Record<string, string> = {
      'access-control-allow-origin': anyOrigin ? '*' : origin,
      'access-control-expose-headers': EXPOSED_HEADERS,
    };
    if (!anyOrigin) headers.vary = 'Origin';
    const requestedMethod = request.headers['access-control-request-method'];
    if (request.method === 'OPTIONS' && typeof requestedMethod === 'string') {
      const requestedHeaders = request.headers['access-control-request-headers'];
      headers['access-control-allow-methods'] = ALLOWED_METHODS;
      if (typeof requestedHeaders === 'string') headers['access-control-allow-headers'] = requestedHeaders;
      headers['access-control-max-age'] = PREFLIGHT_MAX_AGE_S;
      addResponseHeaders(request, headers);
      reply.code(204).send();
      return;
    }
    addResponseHeaders(request, headers);
    done();
  });
}

export default fastifyPlugin(cors, {
  name: 'tokenpace-cors',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange', 'tokenpace-openai-headers'],
});
