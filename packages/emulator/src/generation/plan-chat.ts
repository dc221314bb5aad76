import {
  type ChatMessageInput,
  type ChatResponseIdentity,
  type CompletionUsage,
  completionUsage,
  encodingForModel,
  type ResolvedTiming,
  type TokenPieces,
} from '@tokenpace/core';
import { InvalidParameterError } from '../errors/catalogue.js';
import type { EmulatorServices } from '../plugins/services.js';
import type { ChatCompletionRequest } from '../schemas/chat-completion-request.js';
import { choiceSeeds } from './choice-seeds.js';
import { type GeneratedChoices, generateChoices, stopSequences } from './generate-choices.js';
import { chatIdentity } from './response-identity.js';

export interface ChatPlan {
  identity: ChatResponseIdentity;
  /** Alternatives per position when the caller asked for logprobs, else null. */
  topLogprobs: number | null;
  generated: GeneratedChoices;
  usage: CompletionUsage;
  stream: boolean;
  includeUsage: boolean;
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
): Promise<ChatPlan> {
  if (body.top_logprobs !== null && body.top_logprobs !== undefined && body.logprobs !== true) {
    throw new InvalidParameterError({
      message: "Invalid value for 'top_logprobs': 'logprobs' must be true when 'top_logprobs' is set.",
      param: 'top_logprobs',
      code: 'invalid_value',
    });
  }
  const encoding = encodingForModel(body.model);
  const promptTokens = await services.promptCounter.count(
    'chat',
    body.messages as ChatMessageInput[],
    encoding,
  );
  const generated = generateChoices({
    seeds: choiceSeeds(body.seed, body.n ?? 1, services.rngs.outputSeeds),
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
  };
}
