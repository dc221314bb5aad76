import {
  encodingForModel,
  functionCallItem,
  messageItem,
  type ResolvedTiming,
  type ResponseEcho,
  type ResponseObject,
  type ResponseOutputItem,
  responseIdSuffix,
  responseIds,
  responseObject,
  responseUsage,
  type TokenPieces,
  toolDefinitionTokens,
  unaryDeadlineMs,
} from '@tokenpace/core';
import type { FastifyRequest } from 'fastify';
import { InvalidParameterError } from '../errors/catalogue.js';
import { type PlannedAnswer, planAnswer } from '../generation/plan-answer.js';
import { readToolCallOverride } from '../generation/tool-call-override.js';
import type { EmulatorServices } from '../plugins/services.js';
import { readConversation } from './conversation.js';
import type { ResponseLookup } from './response-lookup.js';
import type { StoredResponse } from './response-store.js';
import type { ResponsesRequest } from './responses-request.js';
import { responsesOutputForm, responsesToolChoice, responsesTools } from './responses-tools.js';

const TWO_POW_32 = 2 ** 32;

export interface ResponsePlan {
  stream: boolean;
  /** Ids of the response and its items. */
  ids: ReturnType<typeof responseIds>;
  echo: ResponseEcho;
  createdAt: number;
  answer: PlannedAnswer;
  /** The response as it ends, and while it is under way. */
  final: ResponseObject;
  inProgress: ResponseObject;
  /** Offset (ms from arrival) at which a non-streamed answer is sent: TTFT + N·ITL. */
  bodyDeadlineMs: number;
}

/** The previous response a request continues, or the API's 400 when it is unknown. */
async function previousResponse(
  responses: ResponseLookup,
  id: string | null | undefined,
): Promise<StoredResponse | null> {
  if (id === null || id === undefined) return null;
  const previous = await responses.get(id);
  if (previous === undefined) {
    throw new InvalidParameterError({
      message: `Previous response with id '${id}' not found.`,
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
  }
  return previous;
}

/** The output items of an answer, as they stand once it ends. */
function outputItems(answer: PlannedAnswer, ids: ResponsePlan['ids']): ResponseOutputItem[] {
  const status = answer.cut ? 'incomplete' : 'completed';
  if (answer.content !== null) return [messageItem(ids.item('msg', 0), status, answer.content.text)];
  return answer.toolCalls.map((call, index) =>
    functionCallItem(
      ids.item('fc', index),
      answer.cut && index === answer.toolCalls.length - 1 ? 'incomplete' : 'completed',
      call.id,
      call.name,
      call.arguments,
    ),
  );
}

/**
 * Everything a Responses answer will say: the conversation's input tokens (its previous responses included),
 * the answer (text, JSON or function calls) and the response objects. Large inputs are counted off the event
 * loop, hence the promise.
 */
export async function planResponse(
  body: ResponsesRequest,
  request: FastifyRequest,
  timing: ResolvedTiming,
  services: EmulatorServices,
  responses: ResponseLookup,
  scriptedText: TokenPieces | null,
): Promise<ResponsePlan> {
  const previous = await previousResponse(responses, body.previous_response_id);
  const references = await responses.referencedItems(body.input);
  const conversation = readConversation(body.input, body.instructions, previous?.callIds ?? [], (id) =>
    references.get(id),
  );
  const encoding = encodingForModel(body.model);
  const tools = responsesTools(body.tools ?? []);
  const choice = responsesToolChoice(body.tool_choice, tools.callable);
  const form = responsesOutputForm(body.text?.format, conversation.textForJsonCheck);
  const override = readToolCallOverride(
    request.headers,
    tools.callable,
    request.scriptedRule?.toolCall ?? null,
  );
  const promptTokens = await services.promptCounter.count('chat', conversation.messages, encoding);
  const inputTokens =
    promptTokens +
    toolDefinitionTokens(tools.callable, encoding) +
    (previous === null ? 0 : previous.inputTokens + previous.outputTokens);

  const answer = planAnswer({
    form,
    tools: tools.callable,
    choice,
    lastInputFromUser: conversation.lastInputFromUser,
    parallel: body.parallel_tool_calls !== false,
    override,
    tokenCount: timing.outputLength,
    maxTokens: body.max_output_tokens ?? undefined,
    stop: undefined,
    encoding,
    seed: body.seed ?? Math.floor(services.rngs.outputSeeds() * TWO_POW_32),
    script: scriptedText,
    ids: services.rngs.ids,
  });

  const ids = responseIds(responseIdSuffix(services.rngs.ids));
  const echo: ResponseEcho = {
    model: body.model,
    instructions: body.instructions ?? null,
    maxOutputTokens: body.max_output_tokens ?? null,
    maxToolCalls: body.max_tool_calls ?? null,
    parallelToolCalls: body.parallel_tool_calls ?? true,
    previousResponseId: body.previous_response_id ?? null,
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    topP: body.top_p ?? 1,
    topLogprobs: body.top_logprobs ?? 0,
    text: { format: body.text?.format ?? { type: 'text' }, verbosity: body.text?.verbosity ?? 'medium' },
    toolChoice: body.tool_choice ?? 'auto',
    tools: tools.echoed,
    metadata: body.metadata ?? {},
    reasoning: { effort: body.reasoning?.effort ?? null, summary: body.reasoning?.summary ?? null },
    truncation: body.truncation ?? 'disabled',
    user: body.user ?? null,
    promptCacheKey: body.prompt_cache_key ?? null,
    safetyIdentifier: body.safety_identifier ?? null,
    background: body.background ?? false,
  };
  const bodyDeadlineMs = unaryDeadlineMs(timing.ttftMs, timing.itlMs, answer.completionTokens);
  const createdAt = Math.floor(services.clock.epochMs() / 1000);
  const completedAt = createdAt + Math.floor(bodyDeadlineMs / 1000);
  const final = responseObject(
    {
      id: ids.response,
      createdAt,
      status: answer.cut ? 'incomplete' : 'completed',
      completedAt,
      output: outputItems(answer, ids),
      usage: responseUsage(inputTokens, answer.completionTokens),
    },
    echo,
  );
  const inProgress = responseObject(
    { id: ids.response, createdAt, status: 'in_progress', completedAt: null, output: [], usage: null },
    echo,
  );
  if (echo.store) {
    responses.put({
      final,
      inProgress,
      endsAtEpochMs:
        services.clock.epochMs() + request.exchange.arrivalMs + bodyDeadlineMs - services.clock.now(),
      inputTokens,
      outputTokens: answer.completionTokens,
      callIds: answer.toolCalls.map((call) => call.id),
      outputChars:
        answer.content?.text.length ?? answer.toolCalls.reduce((sum, call) => sum + call.arguments.length, 0),
    });
  }
  return { stream: body.stream === true, ids, echo, createdAt, answer, final, inProgress, bodyDeadlineMs };
}
