import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { presentedApiKey } from './api-key.js';
import { IncorrectApiKeyError, MissingApiKeyError } from './auth-errors.js';
import { KeyCheck } from './key-check.js';

/** The API's routes; `/health`, `/stats` and `/metrics` stay open for probes and scrapers. */
const API_PREFIX = '/v1/';

/**
 * With `auth.keys` configured, every request to the API must present one of them (`Authorization: Bearer`, or
 * `api-key`): none is a 401 with the API's "You didn't provide an API key" message, a wrong one a 401
 * `invalid_api_key` quoting it masked. Checked before the body is read. Keys are never logged.
 */
async function auth(app: FastifyInstance): Promise<void> {
  const keys = app.tokenpace.config.auth.keys;
  if (keys.length === 0) return;
  const check = new KeyCheck(keys);
  // A callback hook: it runs on every request and needs no promise.
  app.addHook('onRequest', (request, _reply, done) => {
    // Preflight requests carry no credentials by definition; the CORS plugin answers them.
    if (!request.url.startsWith(API_PREFIX) || request.method === 'OPTIONS') return done();
    const presented = presentedApiKey(request.headers);
    if (presented === null) return done(new MissingApiKeyError());
    if (!check.accepts(presented)) return done(new IncorrectApiKeyError(presented));
    done();
  });
}

export default fastifyPlugin(auth, {
  name: 'tokenpace-auth',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange', 'tokenpace-error-handler'],
});
