import { type Static, Type } from 'typebox';
import { Nullable } from '../wire/common.js';

/** Why a message ended, as the Messages API says it; null only in `message_start`. */
export const AnthropicStopReason = Type.Union([
  Type.Literal('end_turn'),
  Type.Literal('max_tokens'),
  Type.Literal('stop_sequence'),
  Type.Literal('tool_use'),
]);
export type AnthropicStopReason = Static<typeof AnthropicStopReason>;

export const AnthropicTextBlock = Type.Object(
  { type: Type.Literal('text'), text: Type.String() },
  { additionalProperties: false },
);
export type AnthropicTextBlock = Static<typeof AnthropicTextBlock>;

/** A tool call: `input` is the arguments as an object, never a string. */
export const AnthropicToolUseBlock = Type.Object(
  {
    type: Type.Literal('tool_use'),
    id: Type.String(),
    name: Type.String(),
    input: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
export type AnthropicToolUseBlock = Static<typeof AnthropicToolUseBlock>;

export const AnthropicContentBlock = Type.Union([AnthropicTextBlock, AnthropicToolUseBlock]);
export type AnthropicContentBlock = Static<typeof AnthropicContentBlock>;

/**
 * Token usage. The cache counters are disjoint from `input_tokens` (total input is their sum), and the
 * emulator has no prompt cache, so they are 0.
 */
export const AnthropicUsage = Type.Object(
  {
    input_tokens: Type.Integer({ minimum: 0 }),
    cache_creation_input_tokens: Type.Integer({ minimum: 0 }),
    cache_read_input_tokens: Type.Integer({ minimum: 0 }),
    cache_creation: Type.Object(
      {
        ephemeral_5m_input_tokens: Type.Integer({ minimum: 0 }),
        ephemeral_1h_input_tokens: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    output_tokens: Type.Integer({ minimum: 0 }),
    service_tier: Type.Literal('standard'),
  },
  { additionalProperties: false },
);
export type AnthropicUsage = Static<typeof AnthropicUsage>;

/** `POST /v1/messages` without `stream`, and the snapshot in `message_start`. */
export const AnthropicMessage = Type.Object(
  {
    id: Type.String(),
    type: Type.Literal('message'),
    role: Type.Literal('assistant'),
    model: Type.String(),
    content: Type.Array(AnthropicContentBlock),
    stop_reason: Nullable(AnthropicStopReason),
    stop_sequence: Nullable(Type.String()),
    usage: AnthropicUsage,
  },
  { additionalProperties: false },
);
export type AnthropicMessage = Static<typeof AnthropicMessage>;

export function anthropicUsage(inputTokens: number, outputTokens: number): AnthropicUsage {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

export interface AnthropicMessageInput {
  id: string;
  model: string;
  content: readonly AnthropicContentBlock[];
  stopReason: AnthropicStopReason | null;
  stopSequence: string | null;
  usage: AnthropicUsage;
}

export function anthropicMessage(input: AnthropicMessageInput): AnthropicMessage {
  return {
    id: input.id,
    type: 'message',
    role: 'assistant',
    model: input.model,
    content: [...input.content],
    stop_reason: input.stopReason,
    stop_sequence: input.stopSequence,
    usage: input.usage,
  };
}
