import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { parseBytePairRanks } from './bpe-ranks.js';
import type { BytePairRanks } from './byte-pair-count.js';

export type EncodingName = 'cl100k_base' | 'o200k_base';

export const ENCODING_NAMES: readonly EncodingName[] = ['cl100k_base', 'o200k_base'];

/** What counting needs of an encoding: its pre-tokenizer and its byte-pair ranks. */
export interface BpeTable extends BytePairRanks {
  readonly encoding: EncodingName;
  /** tiktoken's split pattern, with the global flag: callers reset `lastIndex`. */
  readonly preTokenPattern: RegExp;
}

// The rank modules are plain strings, cheap to import (about 25 ms for both); turning them into
// maps is the costly part, so it happens on first use and once per encoding.
const RANK_SOURCES = { cl100k_base: cl100kBase, o200k_base: o200kBase } as const;

const tables = new Map<EncodingName, BpeTable>();

/** The table of `encoding`, built on first use: ~50 ms for cl100k_base, ~100 ms for o200k_base. */
export function bpeTable(encoding: EncodingName): BpeTable {
  let table = tables.get(encoding);
  if (table === undefined) {
    const source = RANK_SOURCES[encoding];
    table = {
      encoding,
      preTokenPattern: new RegExp(source.pat_str, 'gu'),
      ...parseBytePairRanks(source.bpe_ranks),
    };
    tables.set(encoding, table);
  }
  return table;
}

/**
 * Builds the tables now rather than on the first request, whose deadlines would otherwise absorb
 * the 50–130 ms each table takes. Servers call it once at start.
 */
export function preloadEncodings(encodings: readonly EncodingName[] = ENCODING_NAMES): void {
  for (const encoding of encodings) bpeTable(encoding);
}
