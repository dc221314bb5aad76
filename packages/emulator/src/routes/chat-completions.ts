import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { chatCompletion, unaryDeadlineMs } from '@tokenpace/core';
import type { FastifyInstance } from 'fastify';
import { chatChoicesLogprobs } from '../generation/logprobs.js';
import { planChat } from '../generation/plan-chat.js';
import { timingOf } from '../plugins/timing.js';
import { sendAtDeadline } from '../responses/send-at-deadline.js';
import { sendEventStream } from '../responses/send-event-stream.js';
import { ChatCompletionRequest } from '../schemas/chat-completion-request.js';
import { chatStream } from '../streaming/chat-events.js';

export default async function chatCompletionsRoute(app: FastifyInstance): Promise<void> {
  const services = app.tokenpace;
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .post(
      '/v1/chat/completions',
      { schema: { body: ChatCompletionRequest }, config: { timed: true } },
      async (request, reply) => {
        const body = request.body;
        services.models.require(body.model);
        const exchange = request.exchange;
        const timing = timingOf(request);
        const plan = await planChat(body, timing, services, exchange.scriptedText);
        exchange.model = body.model;
        exchange.stream = plan.stream;
        exchange.completionTokens = plan.generated.completionTokens;
        exchange.choiceTokens = plan.generated.choices.map((choice) => choice.completionTokens);
        exchange.promptTokens = plan.usage.prompt_tokens;
        exchange.finishReason = plan.generated.choices[0]?.finishReason ?? null;
        const { choices, longestChoiceTokens } = plan.generated;
        const logprobs = chatChoicesLogprobs(plan.generated, plan.topLogprobs);
        if (plan.stream) {
          const { opening, plan: streamPlan } = chatStream({
            identity: plan.identity,
            choices,
            usage: plan.usage,
            includeUsage: plan.includeUsage,
            logprobs,
            startMs: exchange.arrivalMs,
            ttftMs: timing.ttftMs,
            itlMs: timing.itlMs,
          });
          return sendEventStream(request, reply, opening, streamPlan);
        }
        const responseBody = chatCompletion(
          plan.identity,
          choices.map((choice, index) => ({
            content: choice.text,
            finishReason: choice.finishReason,
            logprobs: logprobs === null ? null : { content: logprobs[index] ?? [], refusal: null },
          })),
          plan.usage,
        );
        const dueMs = exchange.arrivalMs + unaryDeadlineMs(timing.ttftMs, timing.itlMs, longestChoiceTokens);
        return sendAtDeadline(request, reply, dueMs, responseBody);
      },
    );
}
