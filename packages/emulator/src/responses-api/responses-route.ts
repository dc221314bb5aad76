import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { encodingForModel, toolDefinitionTokens } from '@tokenpace/core';
import type { FastifyInstance } from 'fastify';
import { deliver } from '../delivery/deliver.js';
import { ResponseNotFoundError } from '../errors/catalogue.js';
import { timingOf } from '../plugins/timing.js';
import { readConversation } from './conversation.js';
import { planResponse } from './plan-response.js';
import { ResponseLookup } from './response-lookup.js';
import { ResponseStore } from './response-store.js';
import { responseStream } from './response-stream.js';
import { InputTokensRequest, ResponsesRequest } from './responses-request.js';
import { responsesTools } from './responses-tools.js';

/**
 * OpenAI's Responses API: `POST /v1/responses` (streamed or not) on the same timing contract and delivery as
 * chat; `GET` and `DELETE /v1/responses/{id}` over a bounded store of this process's recent responses; and
 * `POST /v1/responses/input_tokens`.
 */
export default async function responsesRoute(app: FastifyInstance): Promise<void> {
  const services = app.tokenpace;
  const { worker } = services;
  const responses = new ResponseLookup(
    new ResponseStore(),
    worker.count > 1 && typeof process.send === 'function',
  );
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.post(
    '/v1/responses',
    { schema: { body: ResponsesRequest }, config: { timed: true } },
    async (request, reply) => {
      const body = request.body;
      services.models.require(body.model);
      const exchange = request.exchange;
      const timing = timingOf(request);
      const plan = await planResponse(body, request, timing, services, responses, exchange.scriptedText);
      const { answer } = plan;
      exchange.model = body.model;
      exchange.stream = plan.stream;
      exchange.completionTokens = answer.completionTokens;
      exchange.choiceTokens = [answer.completionTokens];
      exchange.promptTokens = plan.final.usage?.input_tokens ?? null;
      exchange.finishReason = answer.cut ? 'length' : answer.toolCalls.length > 0 ? 'tool_calls' : 'stop';
      if (plan.stream) {
        const stream = responseStream(plan, exchange.arrivalMs, timing.ttftMs, timing.itlMs);
        return deliver(request, reply, { kind: 'stream', opening: stream.opening, plan: stream.plan });
      }
      return deliver(request, reply, { kind: 'body', dueOffsetMs: plan.bodyDeadlineMs, body: plan.final });
    },
  );

  typed.post('/v1/responses/input_tokens', { schema: { body: InputTokensRequest } }, async (request) => {
    const body = request.body;
    const previous = body.previous_response_id ? await responses.get(body.previous_response_id) : undefined;
    const references = await responses.referencedItems(body.input);
    if (body.previous_response_id && previous === undefined) {
      throw new ResponseNotFoundError(body.previous_response_id);
    }
    const encoding = encodingForModel(body.model ?? '');
    const conversation = readConversation(
      body.input ?? undefined,
      body.instructions,
      previous?.callIds ?? [],
      (id) => references.get(id),
    );
    const tools = responsesTools(body.tools ?? []);
    const inputTokens =
      (await services.promptCounter.count('chat', conversation.messages, encoding)) +
      toolDefinitionTokens(tools.callable, encoding) +
      (previous === undefined ? 0 : previous.inputTokens + previous.outputTokens);
    return { object: 'response.input_tokens', input_tokens: inputTokens };
  });

  app.get<{ Params: { id: string } }>('/v1/responses/:id', async (request) => {
    const stored = await responses.get(request.params.id);
    if (stored === undefined) throw new ResponseNotFoundError(request.params.id);
    return services.clock.epochMs() < stored.endsAtEpochMs ? stored.inProgress : stored.final;
  });

  app.delete<{ Params: { id: string } }>('/v1/responses/:id', async (request) => {
    if (!(await responses.delete(request.params.id))) throw new ResponseNotFoundError(request.params.id);
    return { id: request.params.id, object: 'response', deleted: true };
  });
}
