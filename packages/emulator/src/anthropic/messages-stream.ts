import {
  anthropicErrorEvent,
  anthropicErrorType,
  contentBlockStartEvent,
  contentBlockStopEvent,
  createDeltaEncoder,
  MESSAGE_STOP_EVENT,
  messageDeltaEvent,
  messageStartEvent,
  PING_EVENT,
  streamOffsetsMs,
} from '@tokenpace/core';
import type { ApiError } from '../errors/api-error.js';
import type { StreamPlan } from '../streaming/token-stream.js';
import { anthropicErrorMessage } from './anthropic-errors.js';
import { contentBlock, startingMessage } from './message-body.js';
import type { MessagesPlan } from './plan-messages.js';

export interface MessagesStream {
  /** `message_start`, the first block's `content_block_start` and a `ping`, sent with the headers. */
  opening: string;
  plan: StreamPlan;
}

/**
 * The event sequence of a streamed Messages answer, as the API and its SDKs' MessageStream expect it:
 * `message_start`, then each block opened, one `content_block_delta` per output token (`text_delta` for
 * text, `input_json_delta` for a tool call's input) and closed before the next opens; then `message_delta`
 * with the stop reason and the final `output_tokens`, and `message_stop`. Step i carries output token i.
 */
export function messagesStream(
  plan: MessagesPlan,
  startMs: number,
  ttftMs: number,
  itlMs: number,
): MessagesStream {
  const blocks = plan.blocks;
  // Each token's block, in the order they are sent.
  const tokenBlocks: number[] = [];
  const tokenPieces: string[] = [];
  blocks.forEach((block, index) => {
    for (const piece of block.pieces) {
      tokenBlocks.push(index);
      tokenPieces.push(piece);
    }
  });
  const encoders = blocks.map((block, index) =>
    createDeltaEncoder(index, block.type === 'text' ? 'text_delta' : 'input_json_delta'),
  );
  const open = (index: number): string => {
    const block = blocks[index];
    return block === undefined ? '' : contentBlockStartEvent(index, contentBlock(block));
  };
  /** Closes block `from` and opens every block up to `to`, so that blocks without tokens open and close too. */
  const advance = (from: number, to: number): string => {
    let text = contentBlockStopEvent(from);
    for (let index = from + 1; index < to; index++) text += open(index) + contentBlockStopEvent(index);
    return text + open(to);
  };
  const lastBlock = blocks.length - 1;
  // The block open after the last token; the trailer closes it and any empty blocks after it.
  const openBlock = tokenBlocks.at(-1) ?? 0;
  const closeAll = (): string => {
    if (lastBlock < 0) return '';
    let text = '';
    if (openBlock < lastBlock) text += advance(openBlock, lastBlock);
    return text + contentBlockStopEvent(lastBlock);
  };
  const messageDelta = (withUsage: boolean): string =>
    messageDeltaEvent(plan.stopReason, plan.stopSequence, withUsage ? plan.outputTokens : null);
  const opening = messageStartEvent(startingMessage(plan)) + open(0) + PING_EVENT;
  // An answer without tokens still ends at its first token's time, as the other APIs' streams do.
  const stepCount = Math.max(tokenPieces.length, 1);
  return {
    opening,
    plan: {
      startMs,
      offsetsMs: streamOffsetsMs(ttftMs, itlMs, stepCount),
      renderStep(step) {
        const piece = tokenPieces[step];
        if (piece === undefined) return '';
        const block = tokenBlocks[step] as number;
        const previous = step === 0 ? 0 : (tokenBlocks[step - 1] as number);
        const text = block === previous ? '' : advance(previous, block);
        return text + (encoders[block] as (piece: string) => string)(piece);
      },
      renderTrailer: () => closeAll() + messageDelta(true) + MESSAGE_STOP_EVENT,
      renderTrimmedTrailer: (omitUsage, omitDone) =>
        closeAll() + messageDelta(!omitUsage) + (omitDone ? '' : MESSAGE_STOP_EVENT),
      renderError: (error: ApiError) =>
        anthropicErrorEvent(anthropicErrorType(error.status), anthropicErrorMessage(error, plan.model)),
    },
  };
}
