import { streamOffsetsMs } from '@tokenpace/core';
import type { ApiError } from '../errors/api-error.js';
import type { StreamPlan } from './token-stream.js';

/**
 * How an API frames a stream of items (Responses output items, Anthropic content blocks): what comes before
 * the first item, how an item opens and closes, one event per output token, and the end.
 */
export interface ItemStreamEncoder {
  /** Events sent with the headers, before the first item opens (`response.created`, `message_start` …). */
  lead: string;
  open(item: number): string;
  close(item: number): string;
  token(item: number, piece: string): string;
  /** Events after the last item closes; without usage (the no-usage fault) or without the final event (no-done). */
  end(withUsage: boolean, withFinalEvent: boolean): string;
  /** The event that ends the stream with `error` mid-way. */
  error(error: ApiError): string;
}

export interface ItemStream {
  /** The lead and the first item's opening, sent with the headers. */
  opening: string;
  plan: StreamPlan;
}

/**
 * The stream plan of an answer made of items, each with its output tokens (`itemPieces[i]`, one piece per
 * token): step i carries token i; an item closes before the next opens, and items without tokens open and
 * close where they stand; the last item closes in the trailer. An answer without tokens still ends at its
 * first token's time, as a chat stream does.
 */
export function itemStream(
  itemPieces: readonly (readonly string[])[],
  encoder: ItemStreamEncoder,
  startMs: number,
  ttftMs: number,
  itlMs: number,
): ItemStream {
  // Each token's item and text, in the order they are sent.
  const tokenItems: number[] = [];
  const tokenPieces: string[] = [];
  itemPieces.forEach((pieces, item) => {
    for (const piece of pieces) {
      tokenItems.push(item);
      tokenPieces.push(piece);
    }
  });
  const lastItem = itemPieces.length - 1;
  const open = (item: number): string => (item <= lastItem ? encoder.open(item) : '');
  /** Closes item `from` and opens every item up to `to`, so that items without tokens open and close too. */
  const advance = (from: number, to: number): string => {
    let text = encoder.close(from);
    for (let item = from + 1; item < to; item++) text += open(item) + encoder.close(item);
    return text + open(to);
  };
  // The item open after the last token; the trailer closes it and any empty items after it.
  const openAtEnd = tokenItems.at(-1) ?? 0;
  const closeAll = (): string => {
    if (lastItem < 0) return '';
    return (openAtEnd < lastItem ? advance(openAtEnd, lastItem) : '') + encoder.close(lastItem);
  };
  const stepCount = Math.max(tokenPieces.length, 1);
  return {
    opening: encoder.lead + open(0),
    plan: {
      startMs,
      offsetsMs: streamOffsetsMs(ttftMs, itlMs, stepCount),
      renderStep(step) {
        const piece = tokenPieces[step];
        if (piece === undefined) return '';
        const item = tokenItems[step] as number;
        const previous = step === 0 ? 0 : (tokenItems[step - 1] as number);
        return (item === previous ? '' : advance(previous, item)) + encoder.token(item, piece);
      },
      renderTrailer: () => closeAll() + encoder.end(true, true),
      renderTrimmedTrailer: (omitUsage, omitDone) => closeAll() + encoder.end(!omitUsage, !omitDone),
      renderError: (error) => encoder.error(error),
    },
  };
}
