import { type JsonSchema, strictSchemaProblem, type ToolChoice, type ToolDefinition } from '@tokenpace/core';
import { InvalidParameterError } from '../errors/catalogue.js';
import type { OutputForm } from '../generation/plan-answer.js';
import type { ResponsesRequest, ResponsesTextFormat, ResponsesTool } from './responses-request.js';

export interface ResponsesTools {
  /** The function tools the answer may call. */
  callable: ToolDefinition[];
  /** The tools as the response echoes them: function tools with their effective `strict`. */
  echoed: unknown[];
}

/**
 * The request's function tools. A tool with `strict: true` must have a schema strict mode accepts (the API's
 * 400 otherwise); one that leaves `strict` out is strict when its schema allows it, as the API normalises it.
 */
export function responsesTools(tools: readonly ResponsesTool[]): ResponsesTools {
  const callable: ToolDefinition[] = [];
  const echoed: unknown[] = [];
  for (const [index, tool] of tools.entries()) {
    if (tool.type !== 'function') {
      echoed.push(tool);
      continue;
    }
    if (tool.name === undefined) {
      throw new InvalidParameterError({
        message: `Missing required parameter: 'tools[${index}].name'.`,
        param: `tools[${index}].name`,
        code: 'missing_required_parameter',
      });
    }
    const parameters = (tool.parameters ?? null) as JsonSchema | null;
    const problem = parameters === null ? null : strictSchemaProblem(parameters, `function '${tool.name}'`);
    if (tool.strict === true && problem !== null) {
      throw new InvalidParameterError({
        message: problem,
        param: `tools[${index}].parameters`,
        code: 'invalid_function_parameters',
      });
    }
    callable.push({ name: tool.name, parameters });
    echoed.push({
      type: 'function',
      name: tool.name,
      description: tool.description ?? null,
      parameters,
      strict: tool.strict ?? problem === null,
    });
  }
  return { callable, echoed };
}

/** `tool_choice` in the shared terms; a named function must be one of the request's tools. */
export function responsesToolChoice(
  choice: ResponsesRequest['tool_choice'],
  tools: readonly ToolDefinition[],
): ToolChoice {
  if (choice === null || choice === undefined || choice === 'auto') return { mode: 'auto' };
  if (choice === 'none' || choice === 'required') return { mode: choice };
  if (choice.type === 'function') {
    if (choice.name === undefined || !tools.some((tool) => tool.name === choice.name)) {
      throw new InvalidParameterError({
        message: `Tool choice '${choice.name ?? ''}' not found in 'tools' parameter.`,
        param: 'tool_choice',
        code: null,
      });
    }
    return { mode: 'named', name: choice.name };
  }
  if (choice.type === 'allowed_tools') return { mode: choice.mode === 'required' ? 'required' : 'auto' };
  return { mode: 'auto' };
}

/** What `text.format` asks of the content: text, any JSON object (json_object), or a document for a schema. */
export function responsesOutputForm(format: ResponsesTextFormat | undefined, inputText: string): OutputForm {
  if (format === undefined || format.type === 'text') return { kind: 'text' };
  if (format.type === 'json_object') {
    if (!inputText.includes('json')) {
      throw new InvalidParameterError({
        message:
          "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.",
        param: 'text.format',
        code: null,
      });
    }
    return { kind: 'json', schema: null };
  }
  for (const field of ['name', 'schema'] as const) {
    if (format[field] === undefined) {
      throw new InvalidParameterError({
        message: `Missing required parameter: 'text.format.${field}'.`,
        param: `text.format.${field}`,
        code: 'missing_required_parameter',
      });
    }
  }
  const schema = format.schema as JsonSchema;
  if (format.strict === true) {
    const problem = strictSchemaProblem(schema, `response_format '${format.name}'`);
    if (problem !== null) {
      throw new InvalidParameterError({
        message: problem,
        param: 'text.format.schema',
        code: 'invalid_json_schema',
      });
    }
  }
  return { kind: 'json', schema };
}
