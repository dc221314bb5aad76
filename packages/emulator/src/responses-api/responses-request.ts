import Type, { type Static } from 'typebox';
import { OptionalNullable, Seed } from '../schemas/common.js';

/** `input_text`, `output_text`, `input_image`, `input_file` … parts; only text counts tokens. */
const ContentPart = Type.Object({
  type: Type.String(),
  text: Type.Optional(Type.String()),
});

const ItemContent = Type.Union([Type.String(), Type.Array(ContentPart)]);

/**
 * One input item: an easy message (`role` + `content`), a replayed `message` / `function_call` / `reasoning`
 * item, a `function_call_output`, or an `item_reference`. The fields the emulator reads are typed; the rest
 * passes through.
 */
const InputItem = Type.Object({
  type: Type.Optional(Type.String()),
  role: Type.Optional(Type.Enum(['user', 'assistant', 'system', 'developer'])),
  content: Type.Optional(ItemContent),
  id: Type.Optional(Type.String()),
  call_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  name: Type.Optional(Type.String()),
  arguments: Type.Optional(Type.String()),
  output: Type.Optional(ItemContent),
});
export type ResponsesInputItem = Static<typeof InputItem>;

/** A tool; only `function` tools can be called, the hosted ones are accepted and never used. */
const Tool = Type.Object({
  type: Type.String(),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  description: OptionalNullable(Type.String()),
  parameters: OptionalNullable(Type.Object({})),
  strict: OptionalNullable(Type.Boolean()),
});
export type ResponsesTool = Static<typeof Tool>;

const ToolChoice = Type.Union([
  Type.Enum(['none', 'auto', 'required']),
  Type.Object({
    type: Type.String(),
    name: Type.Optional(Type.String()),
    mode: Type.Optional(Type.String()),
  }),
]);

/** `text.format`: flat, unlike chat's `response_format` (which nests the schema under `json_schema`). */
const TextFormat = Type.Object({
  type: Type.Enum(['text', 'json_object', 'json_schema']),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  description: Type.Optional(Type.String()),
  schema: Type.Optional(Type.Object({})),
  strict: OptionalNullable(Type.Boolean()),
});
export type ResponsesTextFormat = Static<typeof TextFormat>;

/**
 * `POST /v1/responses`. Only what the emulator acts on or echoes is checked; every other key the API accepts
 * passes through, as unknown keys do.
 */
export const ResponsesRequest = Type.Object({
  model: Type.String({ minLength: 1 }),
  input: Type.Optional(Type.Union([Type.String(), Type.Array(InputItem)])),
  instructions: OptionalNullable(Type.String()),
  stream: OptionalNullable(Type.Boolean()),
  stream_options: OptionalNullable(Type.Object({ include_obfuscation: OptionalNullable(Type.Boolean()) })),
  // The API's own minimum: fewer than 16 output tokens is a 400.
  max_output_tokens: OptionalNullable(Type.Integer({ minimum: 16 })),
  max_tool_calls: OptionalNullable(Type.Integer({ minimum: 1 })),
  tools: OptionalNullable(Type.Array(Tool)),
  tool_choice: OptionalNullable(ToolChoice),
  parallel_tool_calls: OptionalNullable(Type.Boolean()),
  text: OptionalNullable(
    Type.Object({ format: Type.Optional(TextFormat), verbosity: OptionalNullable(Type.String()) }),
  ),
  previous_response_id: OptionalNullable(Type.String({ minLength: 1 })),
  store: OptionalNullable(Type.Boolean()),
  background: OptionalNullable(Type.Boolean()),
  temperature: OptionalNullable(Type.Number({ minimum: 0, maximum: 2 })),
  top_p: OptionalNullable(Type.Number({ minimum: 0, maximum: 1 })),
  top_logprobs: OptionalNullable(Type.Integer({ minimum: 0, maximum: 20 })),
  metadata: OptionalNullable(Type.Record(Type.String(), Type.String())),
  reasoning: OptionalNullable(
    Type.Object({ effort: OptionalNullable(Type.String()), summary: OptionalNullable(Type.String()) }),
  ),
  truncation: OptionalNullable(Type.Enum(['auto', 'disabled'])),
  user: OptionalNullable(Type.String()),
  prompt_cache_key: OptionalNullable(Type.String()),
  safety_identifier: OptionalNullable(Type.String()),
  /** Not an API field: makes the generated output (text, JSON, arguments) a pure function of it. */
  seed: Seed,
});
export type ResponsesRequest = Static<typeof ResponsesRequest>;

/** `POST /v1/responses/input_tokens`: the same input fields, none required. */
export const InputTokensRequest = Type.Object({
  model: OptionalNullable(Type.String()),
  input: OptionalNullable(Type.Union([Type.String(), Type.Array(InputItem)])),
  instructions: OptionalNullable(Type.String()),
  tools: OptionalNullable(Type.Array(Tool)),
  previous_response_id: OptionalNullable(Type.String({ minLength: 1 })),
});
export type InputTokensRequest = Static<typeof InputTokensRequest>;
