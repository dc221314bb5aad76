import type { FastifyInstance } from 'fastify';

export default async function modelsRoute(app: FastifyInstance): Promise<void> {
  const models = app.tokenpace.models;
  app.get('/v1/models', async () => models.list());
  // A wildcard, so that namespaced ids such as `org/model` resolve too.
  app.get<{ Params: { '*': string } }>('/v1/models/*', async (request) =>
    models.retrieve(request.params['*']),
  );
}
