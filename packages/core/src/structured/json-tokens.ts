import { bytePairTokenStarts, countBytePairTokens } from '../tokens/byte-pair-count.js';
import { type BpeTable, bpeTable, type EncodingName } from '../tokens/encodings.js';

/**
 * Token counts of ASCII documents, measured many times while one grows: the text is split by the
 * encoding's pre-tokenizer and each pre-token counted once, then remembered. A document repeats its
 * words and punctuation runs, so re-measuring a grown document costs one regex pass and map lookups.
 */
export class JsonTokenMeter {
  private readonly table: BpeTable;
  private readonly preTokenCounts = new Map<string, number>();

  constructor(encoding: EncodingName) {
    this.table = bpeTable(encoding);
  }

  /** Distinct pre-tokens counted so far. */
  get size(): number {
    return this.preTokenCounts.size;
  }

  /** Tokens of `text` (ASCII: one byte per character, as the byte-pair ranks are keyed). */
  count(text: string): number {
    const pattern = this.table.preTokenPattern;
    pattern.lastIndex = 0;
    let tokens = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const preToken = match[0];
      if (preToken.length === 0) {
        pattern.lastIndex++;
        continue;
      }
      let preTokenCount = this.preTokenCounts.get(preToken);
      if (preTokenCount === undefined) {
        preTokenCount = countBytePairTokens(preToken, this.table);
        this.preTokenCounts.set(preToken, preTokenCount);
      }
      tokens += preTokenCount;
    }
    return tokens;
  }

  /** `text` cut into its tokens: pre-tokens, each cut where byte-pair encoding starts a token. */
  pieces(text: string): string[] {
    const pattern = this.table.preTokenPattern;
    pattern.lastIndex = 0;
    const pieces: string[] = [];
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const preToken = match[0];
      if (preToken.length === 0) {
        pattern.lastIndex++;
        continue;
      }
      const starts = bytePairTokenStarts(preToken, this.table);
      for (let index = 0; index < starts.length; index++) {
        pieces.push(preToken.slice(starts[index], starts[index + 1] ?? preToken.length));
      }
    }
    return pieces;
  }
}
