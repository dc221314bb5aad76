import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { errorBodyFor } from '../anthropic/anthropic-errors.js';
import { MethodNotAllowedError, RouteNotFoundError } from '../errors/catalogue.js';
import { toApiError } from '../errors/to-api-error.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/** Renders every error in OpenAI's shape (Anthropic's for Anthropic requests); unknown paths are 404 and known paths with a wrong method 405. */
async function errorHandler(app: FastifyInstance): Promise<void> {
  const bodyLimitBytes = app.tokenpace.config.bodyLimitBytes;
  app.setErrorHandler(async (error, request, reply) => {
    const apiError = toApiError(error, request.body, bodyLimitBytes);
    if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
    if (request.exchange) request.exchange.errorReason = apiError.reason;
    return reply.status(apiError.status).headers(apiError.headers).send(errorBodyFor(request, apiError));
  });

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const allowed = METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
    const apiError =
      allowed.length > 0
        ? new MethodNotAllowedError(request.method, path, allowed)
        : new RouteNotFoundError(request.method, path);
    if (request.exchange) request.exchange.errorReason = apiError.reason;
    return reply.status(apiError.status).headers(apiError.headers).send(errorBodyFor(request, apiError));
  });
}

export default fastifyPlugin(errorHandler, {
  name: 'tokenpace-error-handler',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange'],
});
