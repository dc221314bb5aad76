import {
  encodingForModel,
  MAX_CHOICES,
  type ResolvedTiming,
  type ResponseIdentity,
  type TextCompletionUsage,
  type TokenPieces,
  textCompletionUsage,
} from '@tokenpace/core';
import { InvalidParameterError } from '../errors/catalogue.js';
import type { EmulatorServices } from '../plugins/services.js';
import type { CompletionRequest } from '../schemas/completion-request.js';
import { choiceSeeds } from './choice-seeds.js';
import { type GeneratedChoices, generateChoices, stopSequences } from './generate-choices.js';
import { completionIdentity } from './response-identity.js';

/** The API's default `max_tokens` for legacy completions. */
export const LEGACY_DEFAULT_MAX_TOKENS = 16;
/** A null prompt stands for `<|endoftext|>`, one token. */
const NULL_PROMPT_TOKENS = 1;

export interface CompletionPlan {
  identity: ResponseIdentity;
  /** Alternatives per position when the caller asked for logprobs, else null. */
  logprobs: number | null;
  generated: GeneratedChoices;
  usage: TextCompletionUsage;
  stream: boolean;
  includeUsage: boolean;
}

/** How many prompts `prompt` holds: a list of texts or of token arrays is one prompt per member. */
function promptCount(prompt: CompletionRequest['prompt']): number {
  if (prompt === null || typeof prompt === 'string') return 1;
  const first = prompt[0];
  return typeof first === 'number' ? 1 : prompt.length;
}

/**
 * Everything a legacy completion will say. Every prompt gets `n` choices (indices prompt-major, as the API
 * numbers them). Without `max_tokens` the API stops at 16 tokens; an explicit X-OUTPUT-LENGTH header is an
 * instruction to the emulator and wins over that default, never over an explicit `max_tokens`.
 */
export async function planCompletion(
  body: CompletionRequest,
  timing: ResolvedTiming,
  outputLengthRequested: boolean,
  services: EmulatorServices,
  scriptedText: TokenPieces | null = null,
): Promise<CompletionPlan> {
  const encoding = encodingForModel(body.model);
  const promptTokens =
    body.prompt === null
      ? NULL_PROMPT_TOKENS
      : await services.promptCounter.count('completion', body.prompt, encoding);
  const choiceCount = promptCount(body.prompt) * (body.n ?? 1);
  if (choiceCount > MAX_CHOICES) {
    throw new InvalidParameterError({
      message: `Invalid 'n': ${choiceCount} choices over all prompts exceed the limit of ${MAX_CHOICES}.`,
      param: 'n',
      code: 'integer_above_max_value',
    });
  }
  const defaultMaxTokens = outputLengthRequested ? undefined : LEGACY_DEFAULT_MAX_TOKENS;
  const generated = generateChoices({
    seeds: choiceSeeds(body.seed, choiceCount, services.rngs.outputSeeds),
    tokenCount: timing.outputLength,
    maxTokens: body.max_tokens ?? defaultMaxTokens,
    stop: stopSequences(body.stop),
    encoding,
    script: scriptedText,
  });
  return {
    identity: completionIdentity(services, body.model),
    logprobs: body.logprobs ?? null,
    generated,
    usage: textCompletionUsage({ promptTokens, completionTokens: generated.completionTokens }),
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
  };
}
