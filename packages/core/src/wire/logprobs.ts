import { type Static, Type } from 'typebox';
import { Nullable } from './common.js';

const Bytes = Nullable(Type.Array(Type.Integer({ minimum: 0, maximum: 255 })));

export const TopLogprob = Type.Object(
  { token: Type.String(), logprob: Type.Number(), bytes: Bytes },
  { additionalProperties: false },
);

export const ChatTokenLogprob = Type.Object(
  { token: Type.String(), logprob: Type.Number(), bytes: Bytes, top_logprobs: Type.Array(TopLogprob) },
  { additionalProperties: false },
);
export type ChatTokenLogprob = Static<typeof ChatTokenLogprob>;

/** `choices[].logprobs` of chat objects when the caller asked for logprobs (else null). */
export const ChatChoiceLogprobs = Type.Object(
  { content: Nullable(Type.Array(ChatTokenLogprob)), refusal: Nullable(Type.Array(ChatTokenLogprob)) },
  { additionalProperties: false },
);
export type ChatChoiceLogprobs = Static<typeof ChatChoiceLogprobs>;

/** `choices[].logprobs` of legacy completions when the caller asked for logprobs (else null). */
export const TextCompletionLogprobs = Type.Object(
  {
    tokens: Type.Array(Type.String()),
    token_logprobs: Type.Array(Type.Number()),
    top_logprobs: Type.Array(Type.Record(Type.String(), Type.Number())),
    text_offset: Type.Array(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type TextCompletionLogprobs = Static<typeof TextCompletionLogprobs>;
