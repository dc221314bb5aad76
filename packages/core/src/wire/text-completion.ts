import { type Static, Type } from 'typebox';
import { Count, Nullable, type ResponseIdentity, TextCompletionFinishReason } from './common.js';
import { TextCompletionLogprobs } from './logprobs.js';
import { TextCompletionUsage } from './usage.js';

export const CompletionChoice = Type.Object(
  {
    text: Type.String(),
    index: Count,
    logprobs: Nullable(TextCompletionLogprobs),
    finish_reason: TextCompletionFinishReason,
  },
  { additionalProperties: false },
);
export type CompletionChoice = Static<typeof CompletionChoice>;

/** `POST /v1/completions` (legacy) without `stream`. */
export const Completion = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('text_completion'),
    created: Count,
    model: Type.String(),
    choices: Type.Array(CompletionChoice),
    usage: TextCompletionUsage,
  },
  { additionalProperties: false },
);
export type Completion = Static<typeof Completion>;

export const CompletionChunkChoice = Type.Object(
  {
    text: Type.String(),
    index: Count,
    logprobs: Nullable(TextCompletionLogprobs),
    finish_reason: Nullable(TextCompletionFinishReason),
  },
  { additionalProperties: false },
);
export type CompletionChunkChoice = Static<typeof CompletionChunkChoice>;

/**
 * One `data:` event of a legacy stream: the same `text_completion` object, with `finish_reason`
 * null until a choice's last event. OpenAI's spec has no schema for these events; this one follows
 * the API. Usage follows the chat rule: absent, or null until a final `choices: []` event.
 */
export const CompletionChunk = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('text_completion'),
    created: Count,
    model: Type.String(),
    choices: Type.Array(CompletionChunkChoice),
    usage: Type.Optional(Nullable(TextCompletionUsage)),
  },
  { additionalProperties: false },
);
export type CompletionChunk = Static<typeof CompletionChunk>;

export interface CompletionChoiceInput {
  text: string;
  finishReason: TextCompletionFinishReason;
  logprobs?: TextCompletionLogprobs | null | undefined;
}

/** A complete legacy completion; choice i gets index i. */
export function completion(
  identity: ResponseIdentity,
  choices: readonly CompletionChoiceInput[],
  usage: TextCompletionUsage,
): Completion {
  return {
    id: identity.id,
    object: 'text_completion',
    created: identity.created,
    model: identity.model,
    choices: choices.map((choice, index) => ({
      text: choice.text,
      index,
      logprobs: choice.logprobs ?? null,
      finish_reason: choice.finishReason,
    })),
    usage,
  };
}

function completionEvent(
  identity: ResponseIdentity,
  choices: CompletionChunkChoice[],
  usage: TextCompletionUsage | null | undefined,
): CompletionChunk {
  const chunk: CompletionChunk = {
    id: identity.id,
    object: 'text_completion',
    created: identity.created,
    model: identity.model,
    choices,
  };
  if (usage !== undefined) chunk.usage = usage;
  return chunk;
}

/**
 * One legacy stream event carrying `text` for one choice; `finishReason` null except on the choice's
 * last event. `includeUsage` adds `"usage": null`. See createCompletionChunkEncoder for the hot path.
 */
export function completionChunk(
  identity: ResponseIdentity,
  choiceIndex: number,
  text: string,
  finishReason: TextCompletionFinishReason | null,
  includeUsage: boolean,
): CompletionChunk {
  const choice = { text, index: choiceIndex, logprobs: null, finish_reason: finishReason };
  return completionEvent(identity, [choice], includeUsage ? null : undefined);
}

/** The last legacy stream event when include_usage is on: `choices: []` and the usage. */
export function completionUsageChunk(
  identity: ResponseIdentity,
  usage: TextCompletionUsage,
): CompletionChunk {
  return completionEvent(identity, [], usage);
}
