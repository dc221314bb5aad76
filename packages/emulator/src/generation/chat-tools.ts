import {
  type ChatMessageInput,
  type JsonSchema,
  messageText,
  strictSchemaProblem,
  type ToolChoice,
  type ToolDefinition,
} from '@tokenpace/core';
import { InvalidParameterError } from '../errors/catalogue.js';
import type {
  ChatMessage,
  ChatTool,
  ChatToolChoice,
  ResponseFormat,
} from '../schemas/chat-completion-request.js';
import type { OutputForm } from './plan-answer.js';

/** The function tools a chat request may call; strict ones must have schemas strict mode accepts. */
export function chatTools(tools: readonly ChatTool[]): ToolDefinition[] {
  const definitions: ToolDefinition[] = [];
  for (const [index, tool] of tools.entries()) {
    if (tool.type !== 'function') continue;
    if (tool.function === undefined) {
      throw new InvalidParameterError({
        message: `Missing required parameter: 'tools[${index}].function'.`,
        param: `tools[${index}].function`,
        code: 'missing_required_parameter',
      });
    }
    const parameters = (tool.function.parameters ?? null) as JsonSchema | null;
    if (tool.function.strict === true && parameters !== null) {
      const problem = strictSchemaProblem(parameters, `function '${tool.function.name}'`);
      if (problem !== null) {
        throw new InvalidParameterError({
          message: problem,
          param: `tools[${index}].function.parameters`,
          code: 'invalid_function_parameters',
        });
      }
    }
    definitions.push({ name: tool.function.name, parameters });
  }
  return definitions;
}

/** `tool_choice` in the shared terms (`auto` by default with tools); a named function must be declared. */
export function chatToolChoice(
  choice: ChatToolChoice | null | undefined,
  tools: readonly ToolDefinition[],
): ToolChoice {
  if (choice === null || choice === undefined || choice === 'auto') return { mode: 'auto' };
  if (choice === 'none' || choice === 'required') return { mode: choice };
  if (choice.type === 'function') {
    const name = choice.function?.name;
    if (name === undefined || !tools.some((tool) => tool.name === name)) {
      throw new InvalidParameterError({
        message: `Invalid value for 'tool_choice': function '${name ?? ''}' is not among the request's tools.`,
        param: 'tool_choice',
        code: 'invalid_value',
      });
    }
    return { mode: 'named', name };
  }
  if (choice.type === 'allowed_tools') {
    return { mode: choice.allowed_tools?.mode === 'required' ? 'required' : 'auto' };
  }
  return { mode: 'auto' };
}

function mentionsJson(messages: readonly ChatMessage[]): boolean {
  return messages.some((message) =>
    (messageText(message.content as ChatMessageInput['content']) ?? '').toLowerCase().includes('json'),
  );
}

/** What `response_format` asks of the content, with the API's 400s for JSON mode and strict schemas. */
export function chatOutputForm(
  format: ResponseFormat | null | undefined,
  messages: readonly ChatMessage[],
): OutputForm {
  if (format === null || format === undefined || format.type === 'text') return { kind: 'text' };
  if (format.type === 'json_object') {
    if (!mentionsJson(messages)) {
      throw new InvalidParameterError({
        message:
          "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        param: 'messages',
        code: null,
      });
    }
    return { kind: 'json', schema: null };
  }
  const jsonSchema = format.json_schema;
  if (jsonSchema === undefined) {
    throw new InvalidParameterError({
      message: "Missing required parameter: 'response_format.json_schema'.",
      param: 'response_format.json_schema',
      code: 'missing_required_parameter',
    });
  }
  // Without a schema the API accepts any JSON object.
  const schema = (jsonSchema.schema ?? null) as JsonSchema | null;
  if (jsonSchema.strict === true && schema !== null) {
    const problem = strictSchemaProblem(schema, `response_format '${jsonSchema.name}'`);
    if (problem !== null)
      throw new InvalidParameterError({ message: problem, param: 'response_format', code: null });
  }
  return { kind: 'json', schema };
}

/**
 * The API's 400s for a broken tool history: a `tool` message must answer a call of an earlier assistant turn,
 * and every call of an assistant turn must be answered before the next non-tool message.
 */
export function checkToolHistory(messages: readonly ChatMessage[]): void {
  let open = new Set<string>();
  for (const [index, message] of messages.entries()) {
    if (message.role === 'tool') {
      if (message.tool_call_id === undefined || !open.has(message.tool_call_id)) {
        throw new InvalidParameterError({
          message:
            "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          param: `messages.[${index}].role`,
          code: null,
        });
      }
      open.delete(message.tool_call_id);
      continue;
    }
    if (open.size > 0) throw unansweredCalls(open, index);
    open = new Set((message.role === 'assistant' ? (message.tool_calls ?? []) : []).map((call) => call.id));
  }
  if (open.size > 0) throw unansweredCalls(open, messages.length - 1);
}

function unansweredCalls(open: ReadonlySet<string>, index: number): InvalidParameterError {
  return new InvalidParameterError({
    message:
      "An assistant message with 'tool_calls' must be followed by tool messages responding to each " +
      `'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(', ')}`,
    param: `messages.[${index}].role`,
    code: null,
  });
}

/** True when the last message is the user's: under `auto`, the answer then calls a tool. */
export function lastMessageFromUser(messages: readonly ChatMessage[]): boolean {
  return messages.at(-1)?.role === 'user';
}
