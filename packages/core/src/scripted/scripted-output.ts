import type { EncodingName } from '../tokens/encodings.js';
import { TokensError } from '../tokens/errors.js';
import type { GeneratedOutput } from '../tokens/generate-output.js';
import { countTextTokens } from '../tokens/text-tokens.js';
import type { TokenPieces } from './token-pieces.js';

export interface ScriptedOutputOptions {
  /** The request's max_completion_tokens / max_tokens: the output stops before it would exceed them. */
  maxTokens?: number | undefined;
  /** Output ends before the first match of any of these; empty ones never match. */
  stop?: readonly string[] | undefined;
  /** Counts the piece a stop sequence cuts in two. */
  encoding: EncodingName;
}

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
 * A choice that says a given text (already split by tokenizeToPieces): capped at `maxTokens` tokens
 * (`finish_reason: "length"`) and cut before the first stop sequence (`"stop"`), as generated output is.
 * `completionTokens` counts the tokens sent: whole pieces, plus the tokens of a piece a stop sequence cut.
 */
export function scriptedOutput(text: TokenPieces, options: ScriptedOutputOptions): GeneratedOutput {
  const maxTokens = options.maxTokens;
  if (maxTokens !== undefined && !(Number.isSafeInteger(maxTokens) && maxTokens >= 0)) {
    throw new TokensError(
      'invalid_max_tokens',
      `maxTokens must be a non-negative integer, got ${maxTokens}.`,
    );
  }
  const pieces: string[] = [];
  let completionTokens = 0;
  let capped = false;
  for (let index = 0; index < text.pieces.length; index++) {
    const tokens = text.pieceTokens[index] as number;
    if (maxTokens !== undefined && completionTokens + tokens > maxTokens) {
      capped = true;
      break;
    }
    pieces.push(text.pieces[index] as string);
    completionTokens += tokens;
  }
  const joined = pieces.join('');
  const stopIndex = firstStopIndex(joined, options.stop ?? []);
  if (stopIndex < 0)
    return { pieces, text: joined, completionTokens, finishReason: capped ? 'length' : 'stop' };

  const kept: string[] = [];
  let keptTokens = 0;
  let offset = 0;
  for (let index = 0; offset + (pieces[index] as string).length <= stopIndex; index++) {
    const piece = pieces[index] as string;
    kept.push(piece);
    keptTokens += text.pieceTokens[index] as number;
    offset += piece.length;
  }
  const cutPiece = joined.slice(offset, stopIndex);
  if (cutPiece !== '') {
    kept.push(cutPiece);
    keptTokens += countTextTokens(cutPiece, options.encoding);
  }
  return {
    pieces: kept,
    text: joined.slice(0, stopIndex),
    completionTokens: keptTokens,
    finishReason: 'stop',
  };
}
