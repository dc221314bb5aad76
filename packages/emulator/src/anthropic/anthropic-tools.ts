import type { JsonSchema, ToolChoice, ToolDefinition } from '@tokenpace/core';
import { AnthropicInvalidRequestError } from './anthropic-errors.js';
import type { AnthropicToolChoiceParam, MessagesRequest } from './messages-request.js';

/**
 * The client tools a Messages request may call: those with an `input_schema`. Server tools (web search, code
 * execution, …) run on Anthropic's side and are not emulated.
 */
export function anthropicTools(tools: MessagesRequest['tools']): ToolDefinition[] {
  return (tools ?? []).flatMap((tool) =>
    tool.input_schema === undefined ? [] : [{ name: tool.name, parameters: tool.input_schema as JsonSchema }],
  );
}

/**
 * `tool_choice` in the shared terms: `auto` → auto, `any` → required, `{type: tool, name}` → named, `none` →
 * none; `auto` when absent. A forced choice needs tools, and a named tool must be one of them.
 */
export function anthropicToolChoice(
  choice: AnthropicToolChoiceParam | undefined,
  tools: readonly ToolDefinition[],
): ToolChoice {
  if (choice === undefined || choice.type === 'auto') return { mode: 'auto' };
  if (choice.type === 'none') return { mode: 'none' };
  if (tools.length === 0) {
    throw new AnthropicInvalidRequestError({
      message: 'tool_choice may only be specified while providing tools.',
    });
  }
  if (choice.type === 'any') return { mode: 'required' };
  if (choice.name === undefined)
    throw new AnthropicInvalidRequestError({ message: 'tool_choice.name: Field required' });
  if (!tools.some((tool) => tool.name === choice.name)) {
    throw new AnthropicInvalidRequestError({
      message: `tool_choice.name: Tool '${choice.name}' not found in provided tools`,
    });
  }
  return { mode: 'named', name: choice.name };
}

/**
 * True when the conversation ends with the user's own words rather than tool results: under `auto` the model
 * calls a tool then, and answers in text once the results are in, so agent loops end by themselves.
 */
export function lastTurnFromUser(messages: MessagesRequest['messages']): boolean {
  const last = messages.at(-1);
  if (last === undefined || last.role !== 'user') return false;
  if (typeof last.content === 'string') return true;
  return !last.content.some((block) => block.type === 'tool_result');
}
