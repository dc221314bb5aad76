import { type Static, Type } from 'typebox';
import { Count } from './common.js';

export const PromptTokensDetails = Type.Object(
  { cached_tokens: Count, audio_tokens: Count },
  { additionalProperties: false },
);

export const CompletionTokensDetails = Type.Object(
  {
    reasoning_tokens: Count,
    audio_tokens: Count,
    accepted_prediction_tokens: Count,
    rejected_prediction_tokens: Count,
  },
  { additionalProperties: false },
);

/** Chat usage with both detail objects, as the API sends them (all zero details are still sent). */
export const CompletionUsage = Type.Object(
  {
    prompt_tokens: Count,
    completion_tokens: Count,
    total_tokens: Count,
    prompt_tokens_details: PromptTokensDetails,
    completion_tokens_details: CompletionTokensDetails,
  },
  { additionalProperties: false },
);
export type CompletionUsage = Static<typeof CompletionUsage>;

/** Legacy completions' usage: the three counts, no details. */
export const TextCompletionUsage = Type.Object(
  { prompt_tokens: Count, completion_tokens: Count, total_tokens: Count },
  { additionalProperties: false },
);
export type TextCompletionUsage = Static<typeof TextCompletionUsage>;

export const EmbeddingUsage = Type.Object(
  { prompt_tokens: Count, total_tokens: Count },
  { additionalProperties: false },
);
export type EmbeddingUsage = Static<typeof EmbeddingUsage>;

export interface UsageCounts {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the prompt cache (part of promptTokens). */
  cachedPromptTokens?: number | undefined;
  /** Hidden reasoning tokens (part of completionTokens). */
  reasoningTokens?: number | undefined;
}

export function completionUsage(counts: UsageCounts): CompletionUsage {
  return {
    prompt_tokens: counts.promptTokens,
    completion_tokens: counts.completionTokens,
    total_tokens: counts.promptTokens + counts.completionTokens,
    prompt_tokens_details: { cached_tokens: counts.cachedPromptTokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: counts.reasoningTokens ?? 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

export function textCompletionUsage(counts: {
  promptTokens: number;
  completionTokens: number;
}): TextCompletionUsage {
  return {
    prompt_tokens: counts.promptTokens,
    completion_tokens: counts.completionTokens,
    total_tokens: counts.promptTokens + counts.completionTokens,
  };
}
