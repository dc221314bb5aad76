import type { BytePairRanks } from './byte-pair-count.js';

/** Indexes the two-byte tokens, which the first round of every merge looks up. */
function indexTwoByteRanks(ranks: ReadonlyMap<string, number>): Int32Array {
  const twoByteRanks = new Int32Array(65_536).fill(-1);
  for (const [bytes, rank] of ranks) {
    if (bytes.length === 2) twoByteRanks[(bytes.charCodeAt(0) << 8) | bytes.charCodeAt(1)] = rank;
  }
  return twoByteRanks;
}

/**
 * Parses js-tiktoken's compact rank format ("<label> <first rank> <base64 token> …", one run per
 * line). Token bytes become binary strings (one char per byte, as `atob` returns them): Map lookups
 * on short strings are fast, and the map takes ~6 MiB (cl100k) and ~12 MiB (o200k) of heap, against
 * ~30 and ~60 MiB for js-tiktoken's own encoder.
 */
export function parseBytePairRanks(bpeRanks: string): BytePairRanks {
  const ranks = new Map<string, number>();
  for (const line of bpeRanks.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    const firstRank = Number.parseInt(fields[1] ?? '', 10);
    for (let index = 2; index < fields.length; index++) {
      ranks.set(atob(fields[index] as string), firstRank + index - 2);
    }
  }
  return { ranks, twoByteRanks: indexTwoByteRanks(ranks) };
}
