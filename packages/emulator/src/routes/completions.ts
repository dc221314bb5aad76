import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { completion, HEADER_OUTPUT_LENGTH, unaryDeadlineMs } from '@tokenpace/core';
import type { FastifyInstance } from 'fastify';
import { completionStream } from '../delivery/completion-events.js';
import { deliver } from '../delivery/deliver.js';
import { textChoicesLogprobs } from '../generation/logprobs.js';
import { planCompletion } from '../generation/plan-completion.js';
import { timingOf } from '../plugins/timing.js';
import { CompletionRequest } from '../schemas/completion-request.js';

export default async function completionsRoute(app: FastifyInstance): Promise<void> {
  const services = app.tokenpace;
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .post(
      '/v1/completions',
      { schema: { body: CompletionRequest }, config: { timed: true } },
      async (request, reply) => {
        const body = request.body;
        services.models.require(body.model);
        const exchange = request.exchange;
        const timing = timingOf(request);
        const outputLengthRequested = request.headers[HEADER_OUTPUT_LENGTH] !== undefined;
        const plan = await planCompletion(
          body,
          timing,
          outputLengthRequested,
          services,
          exchange.scriptedText,
        );
        exchange.model = body.model;
        exchange.stream = plan.stream;
        exchange.completionTokens = plan.generated.completionTokens;
        exchange.choiceTokens = plan.generated.choices.map((choice) => choice.completionTokens);
        exchange.promptTokens = plan.usage.prompt_tokens;
        exchange.finishReason = plan.generated.choices[0]?.finishReason ?? null;
        const { choices, longestChoiceTokens } = plan.generated;
        const logprobs = textChoicesLogprobs(plan.generated, plan.logprobs);
        if (plan.stream) {
          const streamPlan = completionStream({
            identity: plan.identity,
            choices,
            usage: plan.usage,
            includeUsage: plan.includeUsage,
            logprobs,
            startMs: exchange.arrivalMs,
            ttftMs: timing.ttftMs,
            itlMs: timing.itlMs,
          });
          return deliver(request, reply, { kind: 'stream', opening: '', plan: streamPlan });
        }
        const responseBody = completion(
          plan.identity,
          choices.map((choice, index) => ({
            text: choice.text,
            finishReason: choice.finishReason,
            logprobs: logprobs?.[index] ?? null,
          })),
          plan.usage,
        );
        const dueOffsetMs = unaryDeadlineMs(timing.ttftMs, timing.itlMs, longestChoiceTokens);
        return deliver(request, reply, { kind: 'body', dueOffsetMs, body: responseBody });
      },
    );
}
