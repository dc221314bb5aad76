import type { EncodingName } from './encodings.js';
import { TokensError } from './errors.js';
import { FOLLOWING_PIECES, OPENING_PIECES } from './pieces.generated.js';
import { createSeededWords, indexFromWord } from './seeded-words.js';
import { countTextTokens } from './text-tokens.js';

export interface GeneratedOutput {
  /** One entry per SSE content event: every entry is exactly one token, except possibly the last when a stop sequence cut it (then its tokens are counted). */
  pieces: string[];
  text: string;
  completionTokens: number;
  finishReason: 'stop' | 'length';
}

export interface GenerateOutputOptions {
  /** Tokens the model "wants" to write before it stops on its own. */
  tokenCount: number;
  seed: number;
  /** The request's max_completion_tokens / max_tokens: fewer tokens than tokenCount end in 'length'. */
  maxTokens?: number;
  /** Up to OpenAI's four stop sequences; output ends before the first match. Empty ones never match. */
  stop?: readonly string[];
  /** Only used to count a piece a stop sequence cut in two. */
  encoding: EncodingName;
}

function requireCount(
  value: unknown,
  code: 'invalid_token_count' | 'invalid_max_tokens',
  name: string,
): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TokensError(code, `${name} must be a non-negative integer, got ${String(value)}.`);
  }
  return value;
}

function validatedStops(stop: unknown): readonly string[] {
  if (stop === undefined) return [];
  if (!Array.isArray(stop) || !stop.every((sequence) => typeof sequence === 'string')) {
    throw new TokensError('invalid_stop', 'stop must be an array of strings.');
  }
  return stop;
}

/** The pieces of an uncut output: the same seed always yields the same sequence, and a longer
 * output of a seed starts with every shorter one. */
function choosePieces(pieceCount: number, seed: number): string[] {
  const nextWord = createSeededWords(seed);
  const pieces = new Array<string>(pieceCount);
  for (let index = 0; index < pieceCount; index++) {
    const list = index === 0 ? OPENING_PIECES : FOLLOWING_PIECES;
    pieces[index] = list[indexFromWord(nextWord(), list.length)] as string;
  }
  return pieces;
}

/** Index in `text` where the earliest stop sequence starts, or -1. */
function firstStopIndex(text: string, stops: readonly string[]): number {
  let first = -1;
  for (const sequence of stops) {
    if (sequence === '') continue;
    const index = text.indexOf(sequence);
    if (index >= 0 && (first < 0 || index < first)) first = index;
  }
  return first;
}

/**
 * Deterministic output text of exactly the requested number of tokens, in both encodings, without
 * running BPE: each piece is one token and pieces never merge (see scripts/generate-pieces.mjs).
 * `maxTokens` below `tokenCount` caps it ('length'); a stop sequence cuts it before the first
 * match ('stop'), and only the piece it cuts in two is tokenized.
 */
export function generateOutput(options: GenerateOutputOptions): GeneratedOutput {
  const tokenCount = requireCount(options.tokenCount, 'invalid_token_count', 'tokenCount');
  const maxTokens =
    options.maxTokens === undefined
      ? undefined
      : requireCount(options.maxTokens, 'invalid_max_tokens', 'maxTokens');
  if (typeof options.seed !== 'number' || !Number.isFinite(options.seed)) {
    throw new TokensError('invalid_seed', `seed must be a finite number, got ${String(options.seed)}.`);
  }
  const stops = validatedStops(options.stop);

  const capped = maxTokens !== undefined && maxTokens < tokenCount;
  const pieces = choosePieces(capped ? maxTokens : tokenCount, options.seed);
  const text = pieces.join('');
  const stopIndex = firstStopIndex(text, stops);
  if (stopIndex < 0) {
    return { pieces, text, completionTokens: pieces.length, finishReason: capped ? 'length' : 'stop' };
  }

  let keptPieces = 0;
  let offset = 0;
  while (offset + (pieces[keptPieces] as string).length <= stopIndex) {
    offset += (pieces[keptPieces] as string).length;
    keptPieces++;
  }
  const cutPiece = (pieces[keptPieces] as string).slice(0, stopIndex - offset);
  pieces.length = keptPieces;
  let completionTokens = keptPieces;
  if (cutPiece !== '') {
    pieces.push(cutPiece);
    // The cut piece is its own pre-token after a whole word, so its tokens simply add up.
    completionTokens += countTextTokens(cutPiece, options.encoding);
  }
  return { pieces, text: text.slice(0, stopIndex), completionTokens, finishReason: 'stop' };
}
