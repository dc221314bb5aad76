import {
  type ChatResponseIdentity,
  type ChatTokenLogprob,
  type CompletionUsage,
  chatContentChunk,
  chatFinishChunk,
  chatRoleChunk,
  chatUsageChunk,
  createContentChunkEncoder,
  type GeneratedOutput,
  streamOffsetsMs,
} from '@tokenpace/core';
import { SSE_DONE, sseEvent } from './sse.js';
import type { StreamPlan } from './token-stream.js';

export interface ChatStreamInput {
  identity: ChatResponseIdentity;
  choices: readonly GeneratedOutput[];
  usage: CompletionUsage;
  includeUsage: boolean;
  /** Logprobs of each choice's tokens when the caller asked for them; null keeps the fast encoder. */
  logprobs: readonly (readonly ChatTokenLogprob[])[] | null;
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
  let opening = '';
  for (let index = 0; index < choices.length; index++) {
    opening += sseEvent(JSON.stringify(chatRoleChunk(identity, index, includeUsage)));
  }
  // A choice without content (a stop sequence at its very start) finishes at the first step.
  const lastSteps = choices.map((choice) => Math.max(choice.pieces.length, 1) - 1);
  const finishEvents = choices.map((choice, index) =>
    sseEvent(JSON.stringify(chatFinishChunk(identity, index, choice.finishReason, includeUsage))),
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
          if (step < pieces.length) text += contentEvent(index, pieces[step] as string, step);
          if (step === lastSteps[index]) text += finishEvents[index];
        }
        return text;
      },
      renderTrailer: () => trailer,
    },
  };
}
