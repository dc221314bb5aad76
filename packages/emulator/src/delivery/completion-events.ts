import {
  type CompletionChunk,
  completionChunk,
  completionUsageChunk,
  createCompletionChunkEncoder,
  type GeneratedOutput,
  type ResponseIdentity,
  streamOffsetsMs,
  type TextCompletionLogprobs,
  type TextCompletionUsage,
} from '@tokenpace/core';
import { textLogprobsAt } from '../generation/logprobs.js';
import { SSE_DONE, sseEvent } from './sse.js';
import type { StreamPlan } from './token-stream.js';

export interface CompletionStreamInput {
  identity: ResponseIdentity;
  choices: readonly GeneratedOutput[];
  usage: TextCompletionUsage;
  includeUsage: boolean;
  /** Logprobs of each choice when the caller asked for them; null keeps the fast encoder. */
  logprobs: readonly TextCompletionLogprobs[] | null;
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
  const { identity, choices, includeUsage, logprobs } = input;
  const encodeContent = createCompletionChunkEncoder(identity);
  const withLogprobs = (chunk: CompletionChunk, index: number, step: number): string => {
    const choice = chunk.choices[0];
    const choiceLogprobs = logprobs?.[index];
    if (choice !== undefined && choiceLogprobs !== undefined)
      choice.logprobs = textLogprobsAt(choiceLogprobs, step);
    return sseEvent(JSON.stringify(chunk));
  };
  const contentEvent = (index: number, piece: string, step: number): string =>
    logprobs === null
      ? sseEvent(encodeContent(index, piece, includeUsage))
      : withLogprobs(completionChunk(identity, index, piece, null, includeUsage), index, step);
  const lastSteps = choices.map((choice) => Math.max(choice.pieces.length, 1) - 1);
  const lastEvents = choices.map((choice, index) =>
    withLogprobs(
      completionChunk(identity, index, choice.pieces.at(-1) ?? '', choice.finishReason, includeUsage),
      index,
      lastSteps[index] as number,
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
        const lastStep = lastSteps[index] as number;
        if (step === lastStep) text += lastEvents[index];
        else if (step < lastStep)
          text += contentEvent(index, (choices[index] as GeneratedOutput).pieces[step] as string, step);
      }
      return text;
    },
    renderTrailer: () => trailer,
  };
}
