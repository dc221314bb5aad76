import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { deliver } from '../delivery/deliver.js';
import { embeddingsBody } from '../generation/plan-embeddings.js';
import { timingOf } from '../plugins/timing.js';
import { EmbeddingRequest } from '../schemas/embedding-request.js';

/** Embeddings have no tokens to stream: the response is sent once the TTFT has passed. */
export default async function embeddingsRoute(app: FastifyInstance): Promise<void> {
  const services = app.tokenpace;
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .post(
      '/v1/embeddings',
      { schema: { body: EmbeddingRequest }, config: { timed: true } },
      async (request, reply) => {
        const body = request.body;
        services.models.require(body.model);
        const exchange = request.exchange;
        exchange.model = body.model;
        const responseBody = await embeddingsBody(body, services);
        exchange.promptTokens = responseBody.usage.prompt_tokens;
        exchange.finishReason = 'stop';
        return deliver(request, reply, {
          kind: 'body',
          dueOffsetMs: timingOf(request).ttftMs,
          body: responseBody,
        });
      },
    );
}
