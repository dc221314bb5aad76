import {
  functionCallItem,
  messageItem,
  outputTextPart,
  ResponseEventFramer,
  type ResponseOutputItem,
} from '@tokenpace/core';
import { type ItemStream, itemStream } from '../delivery/item-stream.js';
import type { ResponsePlan } from './plan-response.js';

/**
 * The event sequence of a streamed Responses answer, as the API and its SDKs' accumulators expect it: the
 * lifecycle events and the first item's `output_item.added` (and `content_part.added` for a message) at
 * once; then one delta per output token — `response.output_text.delta` for text and JSON,
 * `response.function_call_arguments.delta` for arguments — each item closed before the next is added; then the
 * last item's closing events and `response.completed` (or `response.incomplete` at `max_output_tokens`). Events
 * are numbered from 0 as they are rendered, which is the order they are sent.
 */
export function responseStream(
  plan: ResponsePlan,
  startMs: number,
  ttftMs: number,
  itlMs: number,
): ItemStream {
  const framer = new ResponseEventFramer();
  const items = plan.final.output;
  const { answer } = plan;
  const itemPieces =
    answer.content !== null ? [answer.content.pieces] : answer.toolCalls.map((call) => call.pieces);
  const lead =
    framer.lifecycle('response.created', plan.inProgress) +
    framer.lifecycle('response.in_progress', plan.inProgress);
  return itemStream(
    itemPieces,
    {
      lead,
      open(index) {
        const item = items[index] as ResponseOutputItem;
        if (item.type === 'function_call') {
          return framer.itemAdded(
            index,
            functionCallItem(item.id, 'in_progress', item.call_id, item.name, ''),
          );
        }
        return (
          framer.itemAdded(index, messageItem(item.id, 'in_progress', null)) +
          framer.partAdded(item.id, index, outputTextPart(''))
        );
      },
      close(index) {
        const item = items[index] as ResponseOutputItem;
        if (item.type === 'function_call')
          return framer.argumentsDone(index, item) + framer.itemDone(index, item);
        const part = item.content[0] ?? outputTextPart('');
        return (
          framer.textDone(item.id, index, part.text) +
          framer.partDone(item.id, index, part) +
          framer.itemDone(index, item)
        );
      },
      token(index, piece) {
        const item = items[index] as ResponseOutputItem;
        return item.type === 'message'
          ? framer.textDelta(item.id, index, piece)
          : framer.argumentsDelta(item.id, index, piece);
      },
      end(withUsage, withFinalEvent) {
        if (!withFinalEvent) return '';
        const { usage: _usage, ...withoutUsage } = plan.final;
        const type = plan.final.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
        return framer.lifecycle(type, withUsage ? plan.final : withoutUsage);
      },
      error: (error) => framer.error(error.code ?? error.type, error.message, error.param),
    },
    startMs,
    ttftMs,
    itlMs,
  );
}
