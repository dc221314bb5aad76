import type { FastifyInstance } from 'fastify';
import { isAnthropicRequest } from '../anthropic/anthropic-dialect.js';
import { anthropicModel, anthropicModels, type ModelsQuery } from '../anthropic/anthropic-models.js';

export default async function modelsRoute(app: FastifyInstance): Promise<void> {
  const models = app.tokenpace.models;
  // Anthropic's clients (they send anthropic-version) get Anthropic's paginated shape.
  app.get<{ Querystring: ModelsQuery }>('/v1/models', async (request) =>
    isAnthropicRequest(request) ? anthropicModels(models, request.query) : models.list(),
  );
  // A wildcard, so that namespaced ids such as `org/model` resolve too.
  app.get<{ Params: { '*': string } }>('/v1/models/*', async (request) =>
    isAnthropicRequest(request)
      ? anthropicModel(models, request.params['*'])
      : models.retrieve(request.params['*']),
  );
}
