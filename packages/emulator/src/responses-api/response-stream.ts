import {
  functionCallItem,
  messageItem,
  outputTextPart,
  ResponseEventFramer,
  type ResponseOutputItem,
  streamOffsetsMs,
} from '@tokenpace/core';
import type { ApiError } from '../errors/api-error.js';
import type { StreamPlan } from '../streaming/token-stream.js';
import type { ResponsePlan } from './plan-response.js';

export interface ResponseStream {
  /** `response.created`, `response.in_progress` and the first item's opening events, sent with the headers. */
  opening: string;
  plan: StreamPlan;
}

/** Each output token's item and text, in the order they are streamed. */
interface TokenUnit {
  outputIndex: number;
  piece: string;
}

function tokenUnits(plan: ResponsePlan): TokenUnit[] {
  const { answer } = plan;
  if (answer.content !== null) return answer.content.pieces.map((piece) => ({ outputIndex: 0, piece }));
  return answer.toolCalls.flatMap((call, outputIndex) =>
    call.pieces.map((piece) => ({ outputIndex, piece })),
  );
}

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
): ResponseStream {
  const framer = new ResponseEventFramer();
  const finalItems = plan.final.output;
  const units = tokenUnits(plan);

  const openItem = (outputIndex: number): string => {
    const item = finalItems[outputIndex] as ResponseOutputItem;
    if (item.type === 'message') {
      return (
        framer.itemAdded(outputIndex, messageItem(item.id, 'in_progress', null)) +
        framer.partAdded(item.id, outputIndex, outputTextPart(''))
      );
    }
    return framer.itemAdded(
      outputIndex,
      functionCallItem(item.id, 'in_progress', item.call_id, item.name, ''),
    );
  };
  const closeItem = (outputIndex: number): string => {
    const item = finalItems[outputIndex] as ResponseOutputItem;
    if (item.type === 'message') {
      const part = item.content[0] ?? outputTextPart('');
      return (
        framer.textDone(item.id, outputIndex, part.text) +
        framer.partDone(item.id, outputIndex, part) +
        framer.itemDone(outputIndex, item)
      );
    }
    return framer.argumentsDone(outputIndex, item) + framer.itemDone(outputIndex, item);
  };
  const closeAll = (): string => (finalItems.length === 0 ? '' : closeItem(finalItems.length - 1));
  const terminal = (withUsage: boolean): string => {
    const { usage: _usage, ...withoutUsage } = plan.final;
    const response = withUsage ? plan.final : withoutUsage;
    return framer.lifecycle(
      plan.final.status === 'incomplete' ? 'response.incomplete' : 'response.completed',
      response,
    );
  };

  const opening =
    framer.lifecycle('response.created', plan.inProgress) +
    framer.lifecycle('response.in_progress', plan.inProgress) +
    (finalItems.length === 0 ? '' : openItem(0));
  // An answer without tokens still ends at its first token's time, as a chat stream does.
  const stepCount = Math.max(units.length, 1);
  return {
    opening,
    plan: {
      startMs,
      offsetsMs: streamOffsetsMs(ttftMs, itlMs, stepCount),
      renderStep(step) {
        const unit = units[step];
        if (unit === undefined) return '';
        const item = finalItems[unit.outputIndex] as ResponseOutputItem;
        const previous = step === 0 ? 0 : (units[step - 1] as TokenUnit).outputIndex;
        const switchItem =
          unit.outputIndex === previous ? '' : closeItem(previous) + openItem(unit.outputIndex);
        const delta =
          item.type === 'message'
            ? framer.textDelta(item.id, unit.outputIndex, unit.piece)
            : framer.argumentsDelta(item.id, unit.outputIndex, unit.piece);
        return switchItem + delta;
      },
      renderTrailer: () => closeAll() + terminal(true),
      renderTrimmedTrailer: (omitUsage, omitDone) => closeAll() + (omitDone ? '' : terminal(!omitUsage)),
      renderError: (error: ApiError) => framer.error(error.code ?? error.type, error.message, error.param),
    },
  };
}
