import {
  anthropicToolUseId,
  type EncodingName,
  type JsonSchema,
  type ResolvedTiming,
  type TokenPieces,
} from '@tokenpace/core';
import type { FastifyRequest } from 'fastify';
import { type OutputForm, planAnswer } from '../generation/plan-answer.js';
import { readToolCallOverride } from '../generation/tool-call-override.js';
import type { EmulatorServices } from '../plugins/services.js';
import { anthropicToolChoice, anthropicTools, lastTurnFromUser } from './anthropic-tools.js';
import type { MessagesRequest } from './messages-request.js';
import type { MessagesPlan, PlannedBlock } from './plan-messages.js';

export type PlannedAnswer = Pick<MessagesPlan, 'blocks' | 'outputTokens' | 'stopReason' | 'stopSequence'>;

/** A tool call's input as the object the API sends; `{}` when `max_tokens` cut its JSON short. */
function inputObject(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** A JSON document for `output_config.format` (structured output), else text. */
function outputForm(body: MessagesRequest): OutputForm {
  const format = body.output_config?.format;
  return format === null || format === undefined
    ? { kind: 'text' }
    : { kind: 'json', schema: format.schema as JsonSchema };
}

/**
 * The answer's tool calls, by the policy the OpenAI routes share (tool_choice, X-Tool-Call or a rule's
 * `tool_call`, the last turn) with schema-valid inputs of exactly the answer's output tokens, or its JSON
 * document for structured output, from the same generator; null when the answer is plain text. Validates
 * `tool_choice` either way.
 */
export function planToolUse(
  body: MessagesRequest,
  timing: ResolvedTiming,
  services: EmulatorServices,
  seed: number,
  encoding: EncodingName,
  script: TokenPieces | null,
  request: FastifyRequest,
): PlannedAnswer | null {
  const tools = anthropicTools(body.tools);
  const choice = anthropicToolChoice(body.tool_choice, tools);
  const form = outputForm(body);
  if ((tools.length === 0 || choice.mode === 'none') && form.kind === 'text') return null;
  const answer = planAnswer({
    form,
    tools,
    choice,
    lastInputFromUser: lastTurnFromUser(body.messages),
    parallel: body.tool_choice?.disable_parallel_tool_use !== true,
    override: readToolCallOverride(request.headers, tools, request.scriptedRule?.toolCall ?? null),
    tokenCount: timing.outputLength,
    maxTokens: body.max_tokens,
    stop: body.stop_sequences,
    encoding,
    seed,
    script,
    ids: services.rngs.ids,
  });
  if (answer.content !== null) {
    // Plain text is planned apart, where stop sequences are matched.
    if (form.kind === 'text') return null;
    const { pieces, text } = answer.content;
    return {
      blocks: [{ type: 'text', pieces, text }],
      outputTokens: answer.completionTokens,
      stopReason: answer.cut ? 'max_tokens' : 'end_turn',
      stopSequence: null,
    };
  }
  const blocks: PlannedBlock[] = answer.toolCalls.map((call) => ({
    type: 'tool_use',
    id: anthropicToolUseId(services.rngs.ids),
    name: call.name,
    pieces: call.pieces,
    input: inputObject(call.arguments),
  }));
  return {
    blocks,
    outputTokens: answer.completionTokens,
    stopReason: answer.cut ? 'max_tokens' : 'tool_use',
    stopSequence: null,
  };
}
