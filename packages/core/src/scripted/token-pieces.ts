import { bytePairTokenStarts } from '../tokens/byte-pair-count.js';
import { type BpeTable, bpeTable, type EncodingName } from '../tokens/encodings.js';
import { PRE_TOKEN_SEGMENT_BYTES } from '../tokens/text-tokens.js';

/** A text split where its tokens start, for streaming it one token per event. */
export interface TokenPieces {
  /** Concatenated, the text. */
  readonly pieces: readonly string[];
  /**
   * Tokens of each piece: 1, except where a token ends inside a character (an emoji or a rare character
   * can take several byte-level tokens): those tokens travel together in one piece, as the API sends them.
   */
  readonly pieceTokens: readonly number[];
  /** Tokens of the whole text: the sum of `pieceTokens`, and always countTextTokens(text). */
  readonly tokenCount: number;
}

const utf8Encoder = new TextEncoder();

function binary(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** UTF-8 length of the code point at the start of `text[index…]` (lone surrogates encode as U+FFFD). */
function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}

/** Byte offsets where tokens start in one pre-token, segmented past PRE_TOKEN_SEGMENT_BYTES as counting is. */
function preTokenStarts(bytes: string, table: BpeTable): number[] {
  if (bytes.length <= PRE_TOKEN_SEGMENT_BYTES) return bytePairTokenStarts(bytes, table);
  const starts: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += PRE_TOKEN_SEGMENT_BYTES) {
    for (const start of bytePairTokenStarts(bytes.slice(offset, offset + PRE_TOKEN_SEGMENT_BYTES), table)) {
      starts.push(offset + start);
    }
  }
  return starts;
}

/**
 * Splits `text` into the pieces its tokens make under `encoding`, with tiktoken's pre-tokenizer and byte-pair
 * merges (the same ones countTextTokens counts), so the pieces concatenate to the text and their tokens add
 * up to its token count. Pure and deterministic; long runs without spaces cost O(n log n).
 */
export function tokenizeToPieces(text: string, encoding: EncodingName): TokenPieces {
  const table = bpeTable(encoding);
  const pieces: string[] = [];
  const pieceTokens: number[] = [];
  const pattern = new RegExp(table.preTokenPattern.source, table.preTokenPattern.flags);
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const preToken = match[0];
    if (preToken.length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const starts = preTokenStarts(binary(utf8Encoder.encode(preToken)), table);
    // Walk characters and token starts together; a start inside a character joins the previous piece.
    let startIndex = 1;
    let pieceStartChar = 0;
    let tokensInPiece = 1;
    let byteOffset = 0;
    for (let charIndex = 0; charIndex < preToken.length; ) {
      const codePoint = preToken.codePointAt(charIndex) as number;
      const charLength = codePoint > 0xffff ? 2 : 1;
      const nextByteOffset = byteOffset + utf8Length(codePoint);
      while (startIndex < starts.length && (starts[startIndex] as number) < nextByteOffset) {
        const start = starts[startIndex] as number;
        if (start === byteOffset && charIndex > pieceStartChar) {
          pieces.push(preToken.slice(pieceStartChar, charIndex));
          pieceTokens.push(tokensInPiece);
          pieceStartChar = charIndex;
          tokensInPiece = 1;
        } else {
          tokensInPiece++;
        }
        startIndex++;
      }
      byteOffset = nextByteOffset;
      charIndex += charLength;
    }
    pieces.push(preToken.slice(pieceStartChar));
    pieceTokens.push(tokensInPiece);
  }
  let tokenCount = 0;
  for (const tokens of pieceTokens) tokenCount += tokens;
  return { pieces, pieceTokens, tokenCount };
}
