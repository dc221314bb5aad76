import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type AnthropicStopReason, unaryDeadlineMs } from '@tokenpace/core';
import type { FastifyInstance } from 'fastify';
import { deliver } from '../delivery/deliver.js';
import type { SchemaViolation } from '../errors/validation-error.js';
import { timingOf } from '../plugins/timing.js';
import { requireAnthropicVersion } from './anthropic-version.js';
import { countAnthropicInput } from './count-input.js';
import { finalMessage } from './message-body.js';
import { CountTokensRequest, MessagesRequest } from './messages-request.js';
import { messagesStream } from './messages-stream.js';
import { planMessages } from './plan-messages.js';
import { anthropicValidationError } from './validation-messages.js';

/** Stop reasons in the exchange's (chat's) terms, which metrics and the ground truth read: a cap is `length`. */
const EXCHANGE_FINISH_REASONS: Readonly<Record<AnthropicStopReason, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
};

/** Schema violations reported in the Messages API's words (`max_tokens: Field required`). */
const schemaErrorFormatter = (violations: unknown) =>
  anthropicValidationError(violations as readonly SchemaViolation[]);

/**
 * Anthropic's Messages API: `POST /v1/messages`, streamed or not, on the same schedule, delivery, faults,
 * metrics and ground truth as the OpenAI routes; and `POST /v1/messages/count_tokens`.
 */
export default async function messagesRoute(app: FastifyInstance): Promise<void> {
  const services = app.tokenpace;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post(
    '/v1/messages',
    {
      schema: { body: MessagesRequest },
      schemaErrorFormatter,
      config: { timed: true },
      onRequest: requireAnthropicVersion,
    },
    async (request, reply) => {
      const body = request.body;
      services.models.require(body.model);
      const exchange = request.exchange;
      const timing = timingOf(request);
      const plan = await planMessages(body, timing, services, exchange.scriptedText, request);
      exchange.model = body.model;
      exchange.stream = plan.stream;
      exchange.completionTokens = plan.outputTokens;
      exchange.choiceTokens = [plan.outputTokens];
      exchange.promptTokens = plan.inputTokens;
      exchange.finishReason = EXCHANGE_FINISH_REASONS[plan.stopReason];
      if (plan.stream) {
        const { opening, plan: streamPlan } = messagesStream(
          plan,
          exchange.arrivalMs,
          timing.ttftMs,
          timing.itlMs,
        );
        return deliver(request, reply, { kind: 'stream', opening, plan: streamPlan });
      }
      const dueOffsetMs = unaryDeadlineMs(timing.ttftMs, timing.itlMs, plan.outputTokens);
      return deliver(request, reply, { kind: 'body', dueOffsetMs, body: finalMessage(plan) });
    },
  );
  typed.post(
    '/v1/messages/count_tokens',
    { schema: { body: CountTokensRequest }, schemaErrorFormatter, onRequest: requireAnthropicVersion },
    async (request) => {
      const body = request.body;
      services.models.require(body.model);
      request.exchange.model = body.model;
      const inputTokens = await countAnthropicInput(body, services.models.encodingOf(body.model), services);
      request.exchange.promptTokens = inputTokens;
      return { input_tokens: inputTokens };
    },
  );
}
