// The tools an agent user offers the model, in each API's shape, and what running them returns. The
// tools are local and deterministic: the loop measures the model's side, not a tool's.
import type { ToolCall } from 'k6/x/tokenpace';

interface ToolSpec {
  name: string;
  description: string;
  /** A strict-mode schema (every property required, no additional ones), valid for every API. */
  parameters: Record<string, unknown>;
}

const TOOLS: readonly ToolSpec[] = [
  {
    name: 'get_weather',
    description: 'Current weather in a city.',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', description: 'City name' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['city', 'unit'],
      additionalProperties: false,
    },
  },
  {
    name: 'get_time',
    description: 'Current local time in a time zone.',
    parameters: {
      type: 'object',
      properties: { timezone: { type: 'string', description: 'IANA time zone' } },
      required: ['timezone'],
      additionalProperties: false,
    },
  },
];

/** Names of the offered tools, in the order the requests declare them. */
export const TOOL_NAMES: readonly string[] = TOOLS.map((tool) => tool.name);

/** Chat Completions `tools`. */
export function chatTools(): Record<string, unknown>[] {
  return TOOLS.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters, strict: true },
  }));
}

/** Responses `tools`: flat function tools. */
export function responsesTools(): Record<string, unknown>[] {
  return TOOLS.map((tool) => ({
    type: 'function',
    name: tool.name,
    description: tool.description,
    parameters: tool.parameters,
    strict: true,
  }));
}

/** Anthropic Messages `tools`, with `input_schema`. */
export function messagesTools(): Record<string, unknown>[] {
  return TOOLS.map((tool) => ({
    name: tool.name,
    description: tool.description,
    input_schema: tool.parameters,
  }));
}

/** A call's arguments as an object, or null when they are not a JSON object. */
export function parseArguments(call: ToolCall): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(call.arguments);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** True when the call names an offered tool and its arguments carry every required property. */
export function isValidCall(call: ToolCall): boolean {
  const tool = TOOLS.find((candidate) => candidate.name === call.name);
  const input = parseArguments(call);
  if (tool === undefined || input === null || call.id === '') return false;
  const required = (tool.parameters.required ?? []) as string[];
  return required.every((key) => key in input);
}

/** Runs a tool: a fixed answer per tool, so every loop sends the same bytes back. */
export function runTool(call: ToolCall): string {
  const input = parseArguments(call) ?? {};
  if (call.name === 'get_weather')
    return JSON.stringify({ city: input.city ?? '', temperature: 21, sky: 'clear' });
  if (call.name === 'get_time') return JSON.stringify({ timezone: input.timezone ?? '', time: '12:00' });
  return JSON.stringify({ error: `unknown tool ${call.name}` });
}
