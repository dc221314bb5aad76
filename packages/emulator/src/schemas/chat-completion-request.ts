import Type, { type Static } from 'typebox';
import { ChoiceCount, OptionalNullable, Seed, Stop, StreamOptions } from './common.js';

const ImageUrl = Type.Object({
  url: Type.String(),
  detail: Type.Optional(Type.Enum(['auto', 'low', 'high'])),
});

/** Text, image, audio, file or refusal part; only text and images count tokens, the rest is accepted. */
const ContentPart = Type.Object({
  type: Type.String(),
  text: Type.Optional(Type.String()),
  image_url: Type.Optional(ImageUrl),
});

const ChatMessage = Type.Object({
  role: Type.Enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: Type.Optional(Type.Union([Type.String(), Type.Array(ContentPart), Type.Null()])),
  name: Type.Optional(Type.String()),
});

/**
 * `POST /v1/chat/completions`. Only the fields the emulator acts on are checked; every other key OpenAI
 * accepts (temperature, tools, response_format, …) passes through, as unknown keys do.
 */
export const ChatCompletionRequest = Type.Object({
  model: Type.String({ minLength: 1 }),
  messages: Type.Array(ChatMessage, { minItems: 1 }),
  stream: OptionalNullable(Type.Boolean()),
  stream_options: StreamOptions,
  n: ChoiceCount,
  max_tokens: OptionalNullable(Type.Integer({ minimum: 1 })),
  max_completion_tokens: OptionalNullable(Type.Integer({ minimum: 1 })),
  stop: Stop,
  seed: Seed,
  service_tier: OptionalNullable(Type.String()),
  logprobs: OptionalNullable(Type.Boolean()),
  top_logprobs: OptionalNullable(Type.Integer({ minimum: 0, maximum: 20 })),
});
export type ChatCompletionRequest = Static<typeof ChatCompletionRequest>;
