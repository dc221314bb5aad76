import Type, { type Static } from 'typebox';

/**
 * A content block of a turn: text, image, tool_use (assistant history), tool_result (user turn), or any block
 * type the API has added since. Only what the emulator counts or matches is checked.
 */
const ContentBlock = Type.Object({
  type: Type.String(),
  text: Type.Optional(Type.String()),
});

const Message = Type.Object({
  role: Type.Enum(['user', 'assistant']),
  content: Type.Union([Type.String(), Type.Array(ContentBlock)]),
});

const SystemPrompt = Type.Union([
  Type.String(),
  Type.Array(Type.Object({ type: Type.String(), text: Type.String() })),
]);

/** A client tool (`input_schema`), or a server tool (`type` such as `bash_20250124`, no schema). */
const Tool = Type.Object({
  name: Type.String({ minLength: 1 }),
  description: Type.Optional(Type.String()),
  input_schema: Type.Optional(Type.Object({})),
});

const ToolChoice = Type.Object({
  type: Type.Enum(['auto', 'any', 'tool', 'none']),
  name: Type.Optional(Type.String()),
  disable_parallel_tool_use: Type.Optional(Type.Boolean()),
});

/** Structured output: the answer is a JSON document valid for `format.schema`. */
const OutputConfig = Type.Object({
  format: Type.Optional(
    Type.Union([Type.Null(), Type.Object({ type: Type.Literal('json_schema'), schema: Type.Object({}) })]),
  ),
});

/** The prompt fields, shared by `POST /v1/messages` and `POST /v1/messages/count_tokens`. */
const promptFields = {
  model: Type.String({ minLength: 1 }),
  messages: Type.Array(Message, { minItems: 1 }),
  system: Type.Optional(SystemPrompt),
  tools: Type.Optional(Type.Array(Tool)),
  tool_choice: Type.Optional(ToolChoice),
  output_config: Type.Optional(OutputConfig),
};

/**
 * `POST /v1/messages`. `max_tokens` is required, as the API requires it (0 only warms a prompt cache, so it
 * answers with no output). Other fields (temperature, metadata, thinking, …) pass through unchecked.
 */
export const MessagesRequest = Type.Object({
  ...promptFields,
  max_tokens: Type.Integer({ minimum: 0 }),
  stop_sequences: Type.Optional(Type.Array(Type.String())),
  stream: Type.Optional(Type.Boolean()),
});
export type MessagesRequest = Static<typeof MessagesRequest>;

/** `POST /v1/messages/count_tokens`: the prompt without `max_tokens` or `stream`. */
export const CountTokensRequest = Type.Object(promptFields);
export type CountTokensRequest = Static<typeof CountTokensRequest>;

export type AnthropicToolChoiceParam = Static<typeof ToolChoice>;
