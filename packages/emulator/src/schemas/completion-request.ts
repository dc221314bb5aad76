import Type, { type Static } from 'typebox';
import { ChoiceCount, OptionalNullable, PromptInput, Seed, Stop, StreamOptions } from './common.js';

/** `POST /v1/completions` (legacy). `max_tokens` may be 0 here, as the API allows. */
export const CompletionRequest = Type.Object({
  model: Type.String({ minLength: 1 }),
  prompt: Type.Union([PromptInput, Type.Null()]),
  stream: OptionalNullable(Type.Boolean()),
  stream_options: StreamOptions,
  n: ChoiceCount,
  max_tokens: OptionalNullable(Type.Integer({ minimum: 0 })),
  stop: Stop,
  seed: Seed,
  /** Number of alternatives per position, 0 to 5, as the legacy API takes it. */
  logprobs: OptionalNullable(Type.Integer({ minimum: 0, maximum: 5 })),
});
export type CompletionRequest = Static<typeof CompletionRequest>;
