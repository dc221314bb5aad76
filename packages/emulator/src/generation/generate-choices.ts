import {
  type EncodingName,
  type GeneratedOutput,
  generateOutput,
  scriptedOutput,
  type TokenPieces,
} from '@tokenpace/core';
import { InvalidParameterError } from '../errors/catalogue.js';

/**
 * Most completion tokens one request may produce over all its choices (n × output length). The output is
 * held in memory until sent; without a bound, n = 128 at the largest output length would take gigabytes.
 */
export const MAX_COMPLETION_TOKENS_PER_REQUEST = 2 ** 21;

export interface ChoicesRequest {
  /** Seed of each choice, see choiceSeeds. */
  seeds: readonly number[];
  /** Tokens every choice writes unless capped or stopped: the resolved X-OUTPUT-LENGTH. */
  tokenCount: number;
  maxTokens: number | undefined;
  stop: readonly string[] | undefined;
  encoding: EncodingName;
  /** Text every choice says instead of generated words (a scripted rule's answer); `tokenCount` is its length. */
  script?: TokenPieces | null;
}

export interface GeneratedChoices {
  choices: GeneratedOutput[];
  /** The seed each choice was generated from (its logprobs derive from it too). */
  seeds: readonly number[];
  /** Completion tokens over all choices, as `usage.completion_tokens` reports them. */
  completionTokens: number;
  /** Completion tokens of the longest choice: N of the non-streamed deadline ttft + N·itl. */
  longestChoiceTokens: number;
  /** Content events of the longest choice: the number of steps of the stream schedule. */
  longestChoicePieces: number;
}

export function generateChoices(request: ChoicesRequest): GeneratedChoices {
  const tokensPerChoice = Math.min(request.tokenCount, request.maxTokens ?? request.tokenCount);
  const totalTokens = request.seeds.length * tokensPerChoice;
  if (totalTokens > MAX_COMPLETION_TOKENS_PER_REQUEST) {
    throw new InvalidParameterError({
      message:
        `Invalid 'n': ${request.seeds.length} choices of ${tokensPerChoice} tokens make ${totalTokens} ` +
        `completion tokens, above the limit of ${MAX_COMPLETION_TOKENS_PER_REQUEST} per request.`,
      param: 'n',
      code: 'invalid_value',
    });
  }
  const script = request.script;
  const choices = request.seeds.map((seed) =>
    script
      ? scriptedOutput(script, request)
      : generateOutput({
          tokenCount: request.tokenCount,
          seed,
          encoding: request.encoding,
          ...(request.maxTokens === undefined ? {} : { maxTokens: request.maxTokens }),
          ...(request.stop === undefined ? {} : { stop: request.stop }),
        }),
  );
  return choicesWithTotals(choices, request.seeds);
}

/** Choices with the totals the usage and the schedule read. */
export function choicesWithTotals(choices: GeneratedOutput[], seeds: readonly number[]): GeneratedChoices {
  let completionTokens = 0;
  let longestChoiceTokens = 0;
  let longestChoicePieces = 0;
  for (const choice of choices) {
    completionTokens += choice.completionTokens;
    longestChoiceTokens = Math.max(longestChoiceTokens, choice.completionTokens);
    longestChoicePieces = Math.max(longestChoicePieces, choice.pieces.length);
  }
  return { choices, seeds, completionTokens, longestChoiceTokens, longestChoicePieces };
}

/** `stop` as the API accepts it (a string, up to four strings, or null) as a list. */
export function stopSequences(
  stop: string | readonly string[] | null | undefined,
): readonly string[] | undefined {
  if (stop === null || stop === undefined) return undefined;
  return typeof stop === 'string' ? [stop] : stop;
}
