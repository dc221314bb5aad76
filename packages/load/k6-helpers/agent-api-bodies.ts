// Request bodies of the agent-era APIs for the comprehensive mix: Responses text, function calls and structured
// output, chat tool calls, and Anthropic Messages text and tool use.
import { chatTools, messagesTools, responsesTools } from './agent-tools.ts';

const PROMPT = 'What is the weather in Paris today?';

/** A strict json_schema for structured answers: every property required, none added. */
export const FORECAST_SCHEMA = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    summary: { type: 'string' },
    days: { type: 'array', items: { type: 'string' } },
  },
  required: ['city', 'summary', 'days'],
  additionalProperties: false,
} as const;

export function responsesTextBody(model: string, stream: boolean): Record<string, unknown> {
  return { model, instructions: 'You are a concise assistant.', input: PROMPT, stream, store: false };
}

/** A Responses request that must call a tool (`tool_choice: required`). */
export function responsesFunctionCallBody(model: string): Record<string, unknown> {
  return {
    model,
    input: PROMPT,
    tools: responsesTools(),
    tool_choice: 'required',
    stream: true,
    store: false,
  };
}

/** A Responses request for a JSON document valid for FORECAST_SCHEMA (`text.format` json_schema, strict). */
export function responsesStructuredBody(model: string): Record<string, unknown> {
  return {
    model,
    input: `${PROMPT} Answer in JSON.`,
    text: { format: { type: 'json_schema', name: 'forecast', schema: FORECAST_SCHEMA, strict: true } },
    stream: true,
    store: false,
  };
}

/** A streamed chat request that must call a tool. */
export function chatToolCallBody(model: string): Record<string, unknown> {
  return {
    model,
    messages: [{ role: 'user', content: PROMPT }],
    tools: chatTools(),
    tool_choice: 'required',
    stream: true,
    stream_options: { include_usage: true },
  };
}

/** An Anthropic Messages request; with tools it must use one (`tool_choice: any`). */
export function messagesBody(model: string, stream: boolean, withTools: boolean): Record<string, unknown> {
  return {
    model,
    max_tokens: 1024,
    messages: [{ role: 'user', content: PROMPT }],
    stream,
    ...(withTools ? { tools: messagesTools(), tool_choice: { type: 'any' } } : {}),
  };
}

/** True when `text` is a JSON object with every property FORECAST_SCHEMA requires. */
export function isForecast(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return false;
    const document = parsed as Record<string, unknown>;
    return (
      typeof document.city === 'string' &&
      typeof document.summary === 'string' &&
      Array.isArray(document.days)
    );
  } catch {
    return false;
  }
}
