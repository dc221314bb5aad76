/**
 * Wire objects of OpenAI's Responses API (`POST /v1/responses`): the `Response`, its output items and usage.
 * Field sets follow the API's published spec and real traffic; every `output_text` part carries `annotations`
 * and `logprobs`, which the spec requires.
 */

export type ResponseStatus = 'completed' | 'incomplete' | 'in_progress' | 'failed';
export type ItemStatus = 'completed' | 'incomplete' | 'in_progress';

export interface OutputTextPart {
  type: 'output_text';
  text: string;
  annotations: [];
  logprobs: [];
}

export interface ResponseMessageItem {
  id: string;
  type: 'message';
  status: ItemStatus;
  role: 'assistant';
  content: OutputTextPart[];
}

export interface ResponseFunctionCallItem {
  id: string;
  type: 'function_call';
  status: ItemStatus;
  call_id: string;
  name: string;
  /** The arguments as JSON text, as the API sends them. */
  arguments: string;
}

export type ResponseOutputItem = ResponseMessageItem | ResponseFunctionCallItem;

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** What a response echoes of its request: the same on the in-progress snapshots and on the final object. */
export interface ResponseEcho {
  model: string;
  instructions: string | null;
  maxOutputTokens: number | null;
  maxToolCalls: number | null;
  parallelToolCalls: boolean;
  previousResponseId: string | null;
  store: boolean;
  temperature: number;
  topP: number;
  topLogprobs: number;
  /** The `text` parameter as the API echoes it: `{format, verbosity}`. */
  text: { format: Record<string, unknown>; verbosity: string };
  toolChoice: unknown;
  tools: readonly unknown[];
  metadata: Record<string, string>;
  reasoning: { effort: string | null; summary: string | null };
  truncation: string;
  user: string | null;
  promptCacheKey: string | null;
  safetyIdentifier: string | null;
  background: boolean;
}

export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  completed_at: number | null;
  background: boolean;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  model: string;
  output: ResponseOutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  prompt_cache_key: string | null;
  reasoning: { effort: string | null; summary: string | null };
  safety_identifier: string | null;
  service_tier: string;
  store: boolean;
  temperature: number;
  text: { format: Record<string, unknown>; verbosity: string };
  tool_choice: unknown;
  tools: unknown[];
  top_logprobs: number;
  top_p: number;
  truncation: string;
  /** Left out while the response is under way (real traffic sends null there; the spec types it as an object). */
  usage?: ResponseUsage;
  /** Left out unless the request set it: the spec types it as a string, never null. */
  user?: string;
  metadata: Record<string, string>;
}

export interface ResponseState {
  id: string;
  /** Unix seconds. */
  createdAt: number;
  status: ResponseStatus;
  /** Unix seconds, for a completed response only. */
  completedAt: number | null;
  output: ResponseOutputItem[];
  usage: ResponseUsage | null;
  error?: { code: string; message: string } | null;
}

/** A `Response` object: the in-progress snapshots of a stream and the final answer share this builder. */
export function responseObject(state: ResponseState, echo: ResponseEcho): ResponseObject {
  return {
    id: state.id,
    object: 'response',
    created_at: state.createdAt,
    status: state.status,
    completed_at: state.status === 'completed' ? state.completedAt : null,
    background: echo.background,
    error: state.error ?? null,
    incomplete_details: state.status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: echo.instructions,
    max_output_tokens: echo.maxOutputTokens,
    max_tool_calls: echo.maxToolCalls,
    model: echo.model,
    output: state.output,
    parallel_tool_calls: echo.parallelToolCalls,
    previous_response_id: echo.previousResponseId,
    prompt_cache_key: echo.promptCacheKey,
    reasoning: echo.reasoning,
    safety_identifier: echo.safetyIdentifier,
    // Real traffic says `auto` while a response is under way and `default` once it has ended.
    service_tier: state.status === 'in_progress' ? 'auto' : 'default',
    store: echo.store,
    temperature: echo.temperature,
    text: echo.text,
    tool_choice: echo.toolChoice,
    tools: [...echo.tools],
    top_logprobs: echo.topLogprobs,
    top_p: echo.topP,
    truncation: echo.truncation,
    ...(state.usage === null ? {} : { usage: state.usage }),
    ...(echo.user === null ? {} : { user: echo.user }),
    metadata: echo.metadata,
  };
}

export function outputTextPart(text: string): OutputTextPart {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/** A message item; `text` null gives the empty item that `response.output_item.added` announces. */
export function messageItem(id: string, status: ItemStatus, text: string | null): ResponseMessageItem {
  return {
    id,
    type: 'message',
    status,
    role: 'assistant',
    content: text === null ? [] : [outputTextPart(text)],
  };
}

export function functionCallItem(
  id: string,
  status: ItemStatus,
  callId: string,
  name: string,
  args: string,
): ResponseFunctionCallItem {
  return { id, type: 'function_call', status, call_id: callId, name, arguments: args };
}

export function responseUsage(inputTokens: number, outputTokens: number): ResponseUsage {
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

/** Ids of one response: `resp_`, and `msg_` / `fc_` per output item, all ending in the response's suffix. */
export function responseIds(suffix: string): {
  response: string;
  item(kind: 'msg' | 'fc', outputIndex: number): string;
} {
  return {
    response: `resp_${suffix}`,
    item: (kind, outputIndex) => `${kind}_${suffix}${outputIndex.toString(16).padStart(2, '0')}`,
  };
}
