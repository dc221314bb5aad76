import {
  type ChatFinishReason,
  type ChatMessageInput,
  type ChatResponseIdentity,
  type CompletionUsage,
  completionUsage,
  encodingForModel,
  type GeneratedOutput,
  type ResolvedTiming,
  type TokenPieces,
  toolDefinitionTokens,
} from '@tokenpace/core';
import type { FastifyRequest } from 'fastify';
import { InvalidParameterError } from '../errors/catalogue.js';
import type { EmulatorServices } from '../plugins/services.js';
import type { ChatCompletionRequest } from '../schemas/chat-completion-request.js';
import {
  chatOutputForm,
  chatToolChoice,
  chatTools,
  checkToolHistory,
  lastMessageFromUser,
} from './chat-tools.js';
import { choiceSeeds } from './choice-seeds.js';
import {
  choicesWithTotals,
  type GeneratedChoices,
  generateChoices,
  stopSequences,
} from './generate-choices.js';
import { type AnswerToolCall, type PlannedAnswer, planAnswer } from './plan-answer.js';
import { chatIdentity } from './response-identity.js';
import { readToolCallOverride } from './tool-call-override.js';

/** Tool calls and finish reasons of the choices of a request with tools or a JSON response format. */
export interface ChatAgentChoices {
  /** Each choice's tool calls; null for a choice answered in text or JSON. */
  toolCalls: (readonly AnswerToolCall[] | null)[];
  finishReasons: ChatFinishReason[];
}

export interface ChatPlan {
  identity: ChatResponseIdentity;
  /** Alternatives per position when the caller asked for logprobs, else null. */
  topLogprobs: number | null;
  generated: GeneratedChoices;
  usage: CompletionUsage;
  stream: boolean;
  includeUsage: boolean;
  /** Set when the request has tools or asks for JSON: then `generated` holds each choice's stream pieces. */
  agent: ChatAgentChoices | null;
}

/**
 * Everything a chat completion will say: prompt tokens, the choices' output, usage and identity. Large prompts
 * are counted off the event loop, hence the promise.
 */
export async function planChat(
  body: ChatCompletionRequest,
  timing: ResolvedTiming,
  services: EmulatorServices,
  scriptedText: TokenPieces | null = null,
  request: FastifyRequest | null = null,
): Promise<ChatPlan> {
  if (body.top_logprobs !== null && body.top_logprobs !== undefined && body.logprobs !== true) {
    throw new InvalidParameterError({
      message: "Invalid value for 'top_logprobs': 'logprobs' must be true when 'top_logprobs' is set.",
      param: 'top_logprobs',
      code: 'invalid_value',
    });
  }
  const encoding = encodingForModel(body.model);
  const tools = chatTools(body.tools ?? []);
  const form = chatOutputForm(body.response_format, body.messages);
  const messagePromptTokens = await services.promptCounter.count(
    'chat',
    body.messages as ChatMessageInput[],
    encoding,
  );
  const promptTokens = messagePromptTokens + toolDefinitionTokens(tools, encoding);
  const seeds = choiceSeeds(body.seed, body.n ?? 1, services.rngs.outputSeeds);
  if (tools.length > 0 || form.kind === 'json') {
    checkToolHistory(body.messages);
    const choice = chatToolChoice(body.tool_choice, tools);
    const override =
      request === null
        ? null
        : readToolCallOverride(request.headers, tools, request.scriptedRule?.toolCall ?? null);
    const answers = seeds.map((seed) =>
      planAnswer({
        form,
        tools,
        choice,
        lastInputFromUser: lastMessageFromUser(body.messages),
        parallel: body.parallel_tool_calls !== false,
        override,
        tokenCount: timing.outputLength,
        maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
        stop: stopSequences(body.stop),
        encoding,
        seed,
        script: scriptedText,
        ids: services.rngs.ids,
      }),
    );
    const generated = answersAsChoices(answers, seeds);
    return {
      identity: chatIdentity(services, body.model, body.service_tier),
      topLogprobs: null,
      generated,
      usage: completionUsage({ promptTokens, completionTokens: generated.completionTokens }),
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true,
      agent: {
        toolCalls: answers.map((answer) => (answer.content === null ? answer.toolCalls : null)),
        finishReasons: answers.map((answer) => chatFinishReason(answer, choice.mode === 'named')),
      },
    };
  }
  const generated = generateChoices({
    seeds,
    tokenCount: timing.outputLength,
    // max_completion_tokens supersedes the deprecated max_tokens.
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    stop: stopSequences(body.stop),
    encoding,
    script: scriptedText,
  });
  return {
    identity: chatIdentity(services, body.model, body.service_tier),
    topLogprobs: body.logprobs === true ? (body.top_logprobs ?? 0) : null,
    generated,
    usage: completionUsage({ promptTokens, completionTokens: generated.completionTokens }),
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    agent: null,
  };
}

/** `tool_calls` when the answer calls tools, except for a named tool choice, where the API says `stop`. */
function chatFinishReason(answer: PlannedAnswer, namedChoice: boolean): ChatFinishReason {
  if (answer.cut) return 'length';
  return answer.content === null && !namedChoice ? 'tool_calls' : 'stop';
}

/** Answers as choices whose pieces are what each streams: its content, or its calls' arguments in order. */
function answersAsChoices(answers: readonly PlannedAnswer[], seeds: readonly number[]): GeneratedChoices {
  const choices: GeneratedOutput[] = answers.map(
    (answer) =>
      answer.content ?? {
        pieces: answer.toolCalls.flatMap((call) => [...call.pieces]),
        text: '',
        completionTokens: answer.completionTokens,
        finishReason: answer.cut ? 'length' : 'stop',
      },
  );
  return choicesWithTotals(choices, seeds);
}
