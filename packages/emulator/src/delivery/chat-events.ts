import {
  type ChatResponseIdentity,
  type ChatTokenLogprob,
  type CompletionUsage,
  chatContentChunk,
  chatFinishChunk,
  chatRoleChunk,
  chatToolCallChunk,
  chatUsageChunk,
  createContentChunkEncoder,
  type GeneratedOutput,
  streamOffsetsMs,
} from '@tokenpace/core';
import type { AnswerToolCall } from '../generation/plan-answer.js';
import type { ChatAgentChoices } from '../generation/plan-chat.js';
import { SSE_DONE, sseEvent } from './sse.js';
import type { StreamPlan } from './token-stream.js';

export interface ChatStreamInput {
  identity: ChatResponseIdentity;
  choices: readonly GeneratedOutput[];
  usage: CompletionUsage;
  includeUsage: boolean;
  /** Logprobs of each choice's tokens when the caller asked for them; null keeps the fast encoder. */
  logprobs: readonly (readonly ChatTokenLogprob[])[] | null;
  /** Tool calls and finish reasons when the request has tools or asks for JSON; null for plain text. */
  agent?: ChatAgentChoices | null;
  /** Arrival of the request (clock ms). */
  startMs: number;
  ttftMs: number;
  itlMs: number;
}

export interface ChatStream {
  /** Role chunk of every choice, sent with the headers. */
  opening: string;
  plan: StreamPlan;
}

/**
 * The chunk sequence of a streamed chat completion: a role chunk per choice at once; then step i carries
 * content token i of every choice (in choice order) and the finish chunk of each choice that ends there;
 * then the usage chunk (with include_usage) and `[DONE]`.
 */
export function chatStream(input: ChatStreamInput): ChatStream {
  const { identity, choices, includeUsage, logprobs } = input;
  const encodeContent = createContentChunkEncoder(identity);
  const contentEvent = (index: number, piece: string, step: number): string => {
    if (logprobs === null) return sseEvent(encodeContent(index, piece, includeUsage));
    const chunk = chatContentChunk(identity, index, piece, includeUsage);
    const choice = chunk.choices[0];
    const entry = logprobs[index]?.[step];
    if (choice !== undefined && entry !== undefined) choice.logprobs = { content: [entry], refusal: null };
    return sseEvent(JSON.stringify(chunk));
  };
  const agent = input.agent ?? null;
  const toolCallEvents = agent?.toolCalls.map((calls, index) =>
    calls === null ? null : toolCallStepEvents(identity, index, calls, includeUsage),
  );
  let opening = '';
  for (let index = 0; index < choices.length; index++) {
    const content = toolCallEvents?.[index] ? null : '';
    opening += sseEvent(JSON.stringify(chatRoleChunk(identity, index, includeUsage, content)));
  }
  // A choice without content (a stop sequence at its very start) finishes at the first step.
  const lastSteps = choices.map((choice) => Math.max(choice.pieces.length, 1) - 1);
  const finishEvents = choices.map((choice, index) =>
    sseEvent(
      JSON.stringify(
        chatFinishChunk(identity, index, agent?.finishReasons[index] ?? choice.finishReason, includeUsage),
      ),
    ),
  );
  const stepCount = Math.max(1, ...lastSteps.map((step) => step + 1));
  const trailer =
    (includeUsage ? sseEvent(JSON.stringify(chatUsageChunk(identity, input.usage))) : '') + SSE_DONE;
  return {
    opening,
    plan: {
      startMs: input.startMs,
      offsetsMs: streamOffsetsMs(input.ttftMs, input.itlMs, stepCount),
      renderStep(step) {
        let text = '';
        for (let index = 0; index < choices.length; index++) {
          const pieces = (choices[index] as GeneratedOutput).pieces;
          const callEvents = toolCallEvents?.[index];
          if (callEvents) text += callEvents[step] ?? '';
          else if (step < pieces.length) text += contentEvent(index, pieces[step] as string, step);
          if (step === lastSteps[index]) text += finishEvents[index];
        }
        return text;
      },
      renderTrailer: () => trailer,
    },
  };
}

/**
 * The events of each step of a choice that calls tools: one arguments fragment per token, the calls one after
 * another, and before each call's first fragment the delta that opens it (id, type, name, empty arguments).
 */
function toolCallStepEvents(
  identity: ChatResponseIdentity,
  choiceIndex: number,
  calls: readonly AnswerToolCall[],
  includeUsage: boolean,
): string[] {
  const events: string[] = [];
  for (const [callIndex, call] of calls.entries()) {
    const opening = sseEvent(
      JSON.stringify(
        chatToolCallChunk(
          identity,
          choiceIndex,
          { index: callIndex, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
          includeUsage,
        ),
      ),
    );
    for (const [pieceIndex, piece] of call.pieces.entries()) {
      const fragment = chatToolCallChunk(
        identity,
        choiceIndex,
        { index: callIndex, function: { arguments: piece } },
        includeUsage,
      );
      events.push((pieceIndex === 0 ? opening : '') + sseEvent(JSON.stringify(fragment)));
    }
  }
  return events;
}
