import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type ChatToolCall, chatCompletion, unaryDeadlineMs } from '@tokenpace/core';
import type { FastifyInstance } from 'fastify';
import { chatStream } from '../delivery/chat-events.js';
import { deliver } from '../delivery/deliver.js';
import { chatChoicesLogprobs } from '../generation/logprobs.js';
import type { AnswerToolCall } from '../generation/plan-answer.js';
import { planChat } from '../generation/plan-chat.js';
import { timingOf } from '../plugins/timing.js';
import { ChatCompletionRequest } from '../schemas/chat-completion-request.js';

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
        const plan = await planChat(body, timing, services, exchange.scriptedText, request);
        exchange.model = body.model;
        exchange.stream = plan.stream;
        exchange.completionTokens = plan.generated.completionTokens;
        exchange.choiceTokens = plan.generated.choices.map((choice) => choice.completionTokens);
        exchange.promptTokens = plan.usage.prompt_tokens;
        exchange.finishReason =
          plan.agent?.finishReasons[0] ?? plan.generated.choices[0]?.finishReason ?? null;
        const { choices, longestChoiceTokens } = plan.generated;
        const logprobs = chatChoicesLogprobs(plan.generated, plan.topLogprobs);
        if (plan.stream) {
          const { opening, plan: streamPlan } = chatStream({
            identity: plan.identity,
            choices,
            usage: plan.usage,
            includeUsage: plan.includeUsage,
            logprobs,
            agent: plan.agent,
            startMs: exchange.arrivalMs,
            ttftMs: timing.ttftMs,
            itlMs: timing.itlMs,
          });
          return deliver(request, reply, { kind: 'stream', opening, plan: streamPlan });
        }
        const responseBody = chatCompletion(
          plan.identity,
          choices.map((choice, index) => {
            const toolCalls = plan.agent?.toolCalls[index] ?? null;
            return {
              content: toolCalls === null ? choice.text : null,
              finishReason: plan.agent?.finishReasons[index] ?? choice.finishReason,
              logprobs: logprobs === null ? null : { content: logprobs[index] ?? [], refusal: null },
              ...(toolCalls === null ? {} : { toolCalls: toolCalls.map(chatToolCall) }),
            };
          }),
          plan.usage,
        );
        const dueOffsetMs = unaryDeadlineMs(timing.ttftMs, timing.itlMs, longestChoiceTokens);
        return deliver(request, reply, { kind: 'body', dueOffsetMs, body: responseBody });
      },
    );
}

function chatToolCall(call: AnswerToolCall): ChatToolCall {
  return { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } };
}
