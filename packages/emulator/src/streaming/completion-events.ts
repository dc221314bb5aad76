import {
  completionChunk,
  completionUsageChunk,
  createCompletionChunkEncoder,
  type GeneratedOutput,
  type ResponseIdentity,
  streamOffsetsMs,
  type TextCompletionUsage,
} from '@tokenpace/core';
import { SSE_DONE, sseEvent } from './sse.js';
import type { StreamPlan } from './token-stream.js';

export interface CompletionStreamInput {
  identity: ResponseIdentity;
  choices: readonly GeneratedOutput[];
  usage: TextCompletionUsage;
  includeUsage: boolean;
  startMs: number;
  ttftMs: number;
  itlMs: number;
}

/**
 * The event sequence of a streamed legacy completion: step i carries token i of every choice as a
 * `text_completion` event with `finish_reason: null`, except a choice's last event, which carries its finish
 * reason; then the usage event (with include_usage) and `[DONE]`. There is no role event.
 */
export function completionStream(input: CompletionStreamInput): StreamPlan {
  const { identity, choices, includeUsage } = input;
  const encodeContent = createCompletionChunkEncoder(identity);
  const lastSteps = choices.map((choice) => Math.max(choice.pieces.length, 1) - 1);
  const lastEvents = choices.map((choice, index) =>
    sseEvent(
      JSON.stringify(
        completionChunk(identity, index, choice.pieces.at(-1) ?? '', choice.finishReason, includeUsage),
      ),
    ),
  );
  const stepCount = Math.max(1, ...lastSteps.map((step) => step + 1));
  const trailer =
    (includeUsage ? sseEvent(JSON.stringify(completionUsageChunk(identity, input.usage))) : '') + SSE_DONE;
  return {
    startMs: input.startMs,
    offsetsMs: streamOffsetsMs(input.ttftMs, input.itlMs, stepCount),
    renderStep(step) {
      let text = '';
      for (let index = 0; index < choices.length; index++) {
        if (step === lastSteps[index]) {
          text += lastEvents[index];
        } else if (step < (lastSteps[index] as number)) {
          const piece = (choices[index] as GeneratedOutput).pieces[step] as string;
          text += sseEvent(encodeContent(index, piece, includeUsage));
        }
      }
      return text;
    },
    renderTrailer: () => trailer,
  };
}
