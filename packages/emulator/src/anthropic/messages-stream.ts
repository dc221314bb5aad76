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
} from '@tokenpace/core';
import { type ItemStream, itemStream } from '../delivery/item-stream.js';
import { anthropicErrorMessage } from './anthropic-errors.js';
import { contentBlock, startingMessage } from './message-body.js';
import type { MessagesPlan } from './plan-messages.js';

/**
 * The event sequence of a streamed Messages answer, as the API and its SDKs' MessageStream expect it:
 * `message_start` and a `ping`, then each block opened, one `content_block_delta` per output token
 * (`text_delta` for text, `input_json_delta` for a tool call's input) and closed before the next opens; then
 * `message_delta` with the stop reason and the final `output_tokens`, and `message_stop`. Step i carries
 * output token i.
 */
export function messagesStream(
  plan: MessagesPlan,
  startMs: number,
  ttftMs: number,
  itlMs: number,
): ItemStream {
  const blocks = plan.blocks;
  const encoders = blocks.map((block, index) =>
    createDeltaEncoder(index, block.type === 'text' ? 'text_delta' : 'input_json_delta'),
  );
  return itemStream(
    blocks.map((block) => block.pieces),
    {
      // The API allows a ping anywhere; sending it with message_start keeps it out of the timed steps.
      lead: messageStartEvent(startingMessage(plan)) + PING_EVENT,
      open: (index) =>
        contentBlockStartEvent(index, contentBlock(blocks[index] as MessagesPlan['blocks'][number])),
      close: (index) => contentBlockStopEvent(index),
      token: (index, piece) => (encoders[index] as (piece: string) => string)(piece),
      end: (withUsage, withFinalEvent) =>
        messageDeltaEvent(plan.stopReason, plan.stopSequence, withUsage ? plan.outputTokens : null) +
        (withFinalEvent ? MESSAGE_STOP_EVENT : ''),
      error: (error) =>
        anthropicErrorEvent(anthropicErrorType(error.status), anthropicErrorMessage(error, plan.model)),
    },
    startMs,
    ttftMs,
    itlMs,
  );
}
