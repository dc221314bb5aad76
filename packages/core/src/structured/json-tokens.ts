import { bytePairTokenStarts } from '../tokens/byte-pair-count.js';
import { type BpeTable, bpeTable, type EncodingName } from '../tokens/encodings.js';

/**
 * Token counts of ASCII documents, measured many times while one grows: the text is split by the
 * encoding's pre-tokenizer and each pre-token counted once, then remembered. A document repeats its
 * words and punctuation runs, so re-measuring a grown document costs one regex pass and map lookups.
 */
export class JsonTokenMeter {
  private readonly table: BpeTable;
  /** Each distinct pre-token's tokens, cut where byte-pair encoding starts them. */
  private readonly preTokenPieces = new Map<string, readonly string[]>();

  constructor(encoding: EncodingName) {
    this.table = bpeTable(encoding);
  }

  /** Distinct pre-tokens counted so far. */
  get size(): number {
    return this.preTokenPieces.size;
  }

  private piecesOf(preToken: string): readonly string[] {
    let pieces = this.preTokenPieces.get(preToken);
    if (pieces === undefined) {
      const starts = bytePairTokenStarts(preToken, this.table);
      pieces = starts.map((start, index) => preToken.slice(start, starts[index + 1] ?? preToken.length));
      this.preTokenPieces.set(preToken, pieces);
    }
    return pieces;
  }

  /** Tokens of `text` (ASCII: one byte per character, as the byte-pair ranks are keyed). */
  count(text: string): number {
    const pattern = this.table.preTokenPattern;
    pattern.lastIndex = 0;
    let tokens = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      tokens += this.piecesOf(match[0]).length;
    }
    return tokens;
  }

  /** `text` cut into its tokens: pre-tokens, each cut where byte-pair encoding starts a token. */
  pieces(text: string): string[] {
    const pattern = this.table.preTokenPattern;
    pattern.lastIndex = 0;
    const pieces: string[] = [];
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      for (const piece of this.piecesOf(match[0])) pieces.push(piece);
    }
    return pieces;
  }
}
