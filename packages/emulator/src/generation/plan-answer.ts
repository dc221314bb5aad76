import {
  type EncodingName,
  type GeneratedOutput,
  generateJson,
  type JsonSchema,
  planToolCalls,
  type Rng,
  type TokenPieces,
  type ToolCallOverride,
  type ToolChoice,
  type ToolDefinition,
  toolCallId,
} from '@tokenpace/core';
import { generateChoices } from './generate-choices.js';

/** What the answer's content is when it is not tool calls: text, or a JSON document (null schema: any object). */
export type OutputForm =
  | { readonly kind: 'text' }
  | { readonly kind: 'json'; readonly schema: JsonSchema | null };

export interface AnswerRequest {
  form: OutputForm;
  tools: readonly ToolDefinition[];
  choice: ToolChoice;
  lastInputFromUser: boolean;
  parallel: boolean;
  override: ToolCallOverride | null;
  /** Output tokens the answer has unless capped: the resolved X-OUTPUT-LENGTH. */
  tokenCount: number;
  /** The request's cap on output tokens; reaching it cuts the answer (`length`, or `incomplete`). */
  maxTokens: number | undefined;
  stop: readonly string[] | undefined;
  encoding: EncodingName;
  seed: number;
  /** A scripted rule's text, said instead of generated text when the answer is text. */
  script: TokenPieces | null;
  /** Draws the calls' `call_` ids. */
  ids: Rng;
}

export interface AnswerToolCall {
  /** `call_…`: what a tool result refers to. */
  id: string;
  name: string;
  /** The arguments' JSON text as sent (cut when the answer reached its cap). */
  arguments: string;
  /** One piece per output token; `pieces.join('') === arguments`. */
  pieces: readonly string[];
}

/**
 * One answer: text or a JSON document, or tool calls. Its output tokens are its pieces, one per streamed event,
 * in order: the content's, or the calls' arguments one call after another.
 */
export interface PlannedAnswer {
  /** The text or JSON content; null when the answer is tool calls. */
  content: GeneratedOutput | null;
  toolCalls: readonly AnswerToolCall[];
  /** Output tokens: what `usage` reports and the schedule sends. */
  completionTokens: number;
  /** True when the cap cut the answer short. */
  cut: boolean;
}

/**
 * Plans an answer the same way for every API: tool calls when the policy says so (see planToolCalls), else
 * a JSON document for structured output, else text (or a scripted rule's text). JSON documents and arguments
 * are valid for their schemas and exact in tokens unless the cap cuts them, as the API's are.
 */
export function planAnswer(request: AnswerRequest): PlannedAnswer {
  const calls = planToolCalls({
    tools: request.tools,
    choice: request.choice,
    lastInputFromUser: request.lastInputFromUser,
    parallel: request.parallel,
    override: request.override,
    targetTokens: request.tokenCount,
    encoding: request.encoding,
    seed: request.seed,
  });
  if (calls.length > 0) return toolCallAnswer(calls, request);
  if (request.form.kind === 'json') {
    const document = generateJson({
      schema: request.form.schema,
      targetTokens: request.tokenCount,
      encoding: request.encoding,
      seed: request.seed,
    });
    return capped(document.pieces, request.maxTokens);
  }
  const generated = generateChoices({
    seeds: [request.seed],
    tokenCount: request.tokenCount,
    maxTokens: request.maxTokens,
    stop: request.stop,
    encoding: request.encoding,
    script: request.script,
  });
  const content = generated.choices[0] as GeneratedOutput;
  return {
    content,
    toolCalls: [],
    completionTokens: content.completionTokens,
    cut: content.finishReason === 'length',
  };
}

/** A JSON document as content, cut after `maxTokens` pieces when it is longer. */
function capped(pieces: readonly string[], maxTokens: number | undefined): PlannedAnswer {
  const cut = maxTokens !== undefined && pieces.length > maxTokens;
  const kept = cut ? pieces.slice(0, maxTokens) : [...pieces];
  return {
    content: {
      pieces: kept,
      text: kept.join(''),
      completionTokens: kept.length,
      finishReason: cut ? 'length' : 'stop',
    },
    toolCalls: [],
    completionTokens: kept.length,
    cut,
  };
}

function toolCallAnswer(calls: ReturnType<typeof planToolCalls>, request: AnswerRequest): PlannedAnswer {
  let budget = request.maxTokens ?? Number.POSITIVE_INFINITY;
  let completionTokens = 0;
  let cut = false;
  const toolCalls: AnswerToolCall[] = [];
  for (const call of calls) {
    if (budget <= 0) {
      cut = true;
      break;
    }
    const pieces =
      call.arguments.pieces.length > budget ? call.arguments.pieces.slice(0, budget) : call.arguments.pieces;
    if (pieces.length < call.arguments.pieces.length) cut = true;
    budget -= pieces.length;
    completionTokens += pieces.length;
    toolCalls.push({ id: toolCallId(request.ids), name: call.name, arguments: pieces.join(''), pieces });
  }
  return { content: null, toolCalls, completionTokens, cut };
}
