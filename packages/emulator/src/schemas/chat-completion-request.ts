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

const MessageToolCall = Type.Object({
  id: Type.String(),
  type: Type.Optional(Type.String()),
  function: Type.Optional(Type.Object({ name: Type.String(), arguments: Type.String() })),
});

const ChatMessage = Type.Object({
  role: Type.Enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: Type.Optional(Type.Union([Type.String(), Type.Array(ContentPart), Type.Null()])),
  name: Type.Optional(Type.String()),
  tool_calls: OptionalNullable(Type.Array(MessageToolCall)),
  tool_call_id: Type.Optional(Type.String()),
});
export type ChatMessage = Static<typeof ChatMessage>;

/** A function tool (`custom` tools are accepted and never called). */
const ChatTool = Type.Object({
  type: Type.String(),
  function: Type.Optional(
    Type.Object({
      name: Type.String({ minLength: 1, maxLength: 64 }),
      description: OptionalNullable(Type.String()),
      parameters: OptionalNullable(Type.Object({})),
      strict: OptionalNullable(Type.Boolean()),
    }),
  ),
});
export type ChatTool = Static<typeof ChatTool>;

const ChatToolChoice = Type.Union([
  Type.Enum(['none', 'auto', 'required']),
  Type.Object({
    type: Type.String(),
    function: Type.Optional(Type.Object({ name: Type.String() })),
    allowed_tools: Type.Optional(Type.Object({ mode: Type.Optional(Type.String()) })),
  }),
]);
export type ChatToolChoice = Static<typeof ChatToolChoice>;

const ResponseFormat = Type.Object({
  type: Type.Enum(['text', 'json_object', 'json_schema']),
  json_schema: Type.Optional(
    Type.Object({
      name: Type.String({ minLength: 1, maxLength: 64 }),
      description: Type.Optional(Type.String()),
      schema: Type.Optional(Type.Object({})),
      strict: OptionalNullable(Type.Boolean()),
    }),
  ),
});
export type ResponseFormat = Static<typeof ResponseFormat>;

/**
 * `POST /v1/chat/completions`. Only the fields the emulator acts on are checked; every other key OpenAI
 * accepts (temperature, audio, …) passes through, as unknown keys do.
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
  tools: OptionalNullable(Type.Array(ChatTool)),
  tool_choice: OptionalNullable(ChatToolChoice),
  parallel_tool_calls: OptionalNullable(Type.Boolean()),
  response_format: OptionalNullable(ResponseFormat),
});
export type ChatCompletionRequest = Static<typeof ChatCompletionRequest>;
