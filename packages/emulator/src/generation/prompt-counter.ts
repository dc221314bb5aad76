import {
  type ChatMessageInput,
  countChatPromptTokens,
  countCompletionPromptTokens,
  countEmbeddingInputTokens,
  type EncodingName,
  estimateTextTokens,
  hasBpeTable,
  type PromptInput,
  type TextTokenCounter,
} from '@tokenpace/core';
import type { PromptTokenMode } from '../config/config-schema.js';
import { CountingThread, type PromptKind } from './counting-thread.js';
import { makeRankTable } from './rank-tables.js';

/**
 * Prompts with more text than this are counted on the counting thread. Counting costs up to about 1.3 µs per
 * character on the worst inputs measured (long whitespace runs, CJK) and 0.05 µs on prose, so a prompt counted
 * on the event loop delays other streams' tokens by at most about 10 ms, and usually well under 1 ms.
 */
export const OFFLOAD_PROMPT_CHARS = 8_192;

/** Characters of every string in `value`, counted until `limit` is passed (then it returns early). */
export function textCharsUpTo(value: unknown, limit: number): number {
  let chars = 0;
  const pending: unknown[] = [value];
  const visited = new Set<object>();
  while (pending.length > 0 && chars <= limit) {
    const current = pending.pop();
    if (typeof current === 'string') chars += current.length;
    else if (typeof current === 'object' && current !== null && !visited.has(current)) {
      visited.add(current);
      pending.push(...Object.values(current));
    }
  }
  return chars;
}

function countWith(kind: PromptKind, input: unknown, encoding: EncodingName, countText?: TextTokenCounter) {
  switch (kind) {
    case 'chat':
      return countChatPromptTokens(input as ChatMessageInput[], encoding, countText);
    case 'completion':
      return countCompletionPromptTokens(input as PromptInput, encoding, countText);
    case 'embedding':
      return countEmbeddingInputTokens(input as PromptInput, encoding, countText);
  }
}

/**
 * Counts the prompt tokens of requests. `exact` runs the tokenizer: on the event loop for prompts up to
 * {@link OFFLOAD_PROMPT_CHARS} characters (with core's cache of repeated texts), on the counting thread for
 * larger ones. `estimate` derives every text's tokens from its UTF-8 length, on the event loop, for rates where
 * exact counting costs more than it is worth. Either way the formulas (per message, per name, images) are
 * core's. Tokenizer tables are made on first use, or ahead of it by {@link warm}.
 */
export class PromptCounter {
  readonly mode: PromptTokenMode;
  readonly #offloadChars: number;
  readonly #thread = new CountingThread();
  /** Tables being made by {@link warm}: a count that needs one waits for it rather than making it again. */
  readonly #warming = new Map<EncodingName, Promise<void>>();

  constructor(mode: PromptTokenMode, offloadChars = OFFLOAD_PROMPT_CHARS) {
    this.mode = mode;
    this.#offloadChars = offloadChars;
  }

  /** The request's prompt tokens: a number when counted at once, a promise when counted off the loop. */
  count(kind: PromptKind, input: unknown, encoding: EncodingName): number | Promise<number> {
    if (this.mode === 'estimate') return countWith(kind, input, encoding, estimateTextTokens);
    if (textCharsUpTo(input, this.#offloadChars) > this.#offloadChars)
      return this.#thread.count(kind, input, encoding);
    const warming = this.#warming.get(encoding);
    if (warming !== undefined) return warming.then(() => countWith(kind, input, encoding));
    return countWith(kind, input, encoding);
  }

  /**
   * Makes the tables of `encodings` one after another (see {@link makeRankTable}), for a server that has just
   * started listening; with `estimate` there is nothing to make. Resolves once all are made; rejects with the
   * first failure, after which counts make that table themselves on first use.
   */
  async warm(encodings: readonly EncodingName[]): Promise<void> {
    if (this.mode === 'estimate') return;
    let failure: unknown = null;
    for (const encoding of encodings) {
      if (hasBpeTable(encoding) || this.#warming.has(encoding)) continue;
      const made = makeRankTable(encoding).catch((error: unknown) => {
        failure ??= error;
      });
      this.#warming.set(encoding, made);
      await made;
      this.#warming.delete(encoding);
    }
    if (failure !== null) throw failure;
  }

  close(): Promise<void> {
    return this.#thread.close();
  }
}
