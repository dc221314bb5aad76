import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { ByteRankTable } from './bpe-ranks.js';
import type { BytePairRanks } from './byte-pair-count.js';

export type EncodingName = 'cl100k_base' | 'o200k_base';

export const ENCODING_NAMES: readonly EncodingName[] = ['cl100k_base', 'o200k_base'];

/** What counting needs of an encoding: its pre-tokenizer and its byte-pair ranks. */
export interface BpeTable extends BytePairRanks {
  readonly encoding: EncodingName;
  /** tiktoken's split pattern, with the global flag: callers reset `lastIndex`. */
  readonly preTokenPattern: RegExp;
}

/**
 * Where the rank tables come from before they are built from js-tiktoken's rank text: a table read from its
 * binary form ({@link ByteRankTable.toBinary}), or undefined to build it. A server gives one that reads the
 * files its build wrote.
 */
export type PrebuiltRankTables = (encoding: EncodingName) => ByteRankTable | undefined;

// The rank modules are plain strings; turning them into tables is the costly part, so it happens on
// first use and once per encoding.
const RANK_SOURCES = { cl100k_base: cl100kBase, o200k_base: o200kBase } as const;

const tables = new Map<EncodingName, BpeTable>();
let prebuiltTables: PrebuiltRankTables | null = null;

/** Takes tables from `source` from now on, before building one from the rank text; `null` builds them all. */
export function usePrebuiltRankTables(source: PrebuiltRankTables | null): void {
  prebuiltTables = source;
}

function install(encoding: EncodingName, ranks: ByteRankTable): BpeTable {
  const table: BpeTable = {
    encoding,
    preTokenPattern: new RegExp(RANK_SOURCES[encoding].pat_str, 'gu'),
    ranks,
    twoByteRanks: ranks.twoByteRanks,
  };
  tables.set(encoding, table);
  return table;
}

/**
 * The table of `encoding`, made on first use: taken from the prebuilt tables when there are some (see
 * {@link usePrebuiltRankTables}), else built from the rank text (50–70 ms for o200k_base, 20–40 ms for
 * cl100k_base in a fresh process).
 */
export function bpeTable(encoding: EncodingName): BpeTable {
  return (
    tables.get(encoding) ??
    install(
      encoding,
      prebuiltTables?.(encoding) ?? ByteRankTable.fromRankText(RANK_SOURCES[encoding].bpe_ranks),
    )
  );
}

/** Whether the table of `encoding` is made, so that counting with it starts at once. */
export function hasBpeTable(encoding: EncodingName): boolean {
  return tables.has(encoding);
}

/**
 * Installs `ranks` as the table of `encoding` unless one is made already (a server that reads its prebuilt
 * tables ahead of the first request, asynchronously); returns whether it did.
 */
export function installBpeTable(encoding: EncodingName, ranks: ByteRankTable): boolean {
  if (tables.has(encoding)) return false;
  install(encoding, ranks);
  return true;
}

/**
 * The table of `encoding` built from js-tiktoken's rank text, in its binary form: what a build writes for a
 * server's {@link PrebuiltRankTables}.
 */
export function rankTableBinary(encoding: EncodingName): Uint8Array {
  return ByteRankTable.fromRankText(RANK_SOURCES[encoding].bpe_ranks).toBinary();
}

/** Makes the tables of `encodings` now, rather than on first use. */
export function preloadEncodings(encodings: readonly EncodingName[] = ENCODING_NAMES): void {
  for (const encoding of encodings) bpeTable(encoding);
}
