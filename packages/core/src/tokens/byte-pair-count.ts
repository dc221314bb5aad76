/**
 * Counts the tokens byte-pair encoding makes of one pre-token, exactly as tiktoken does: repeatedly
 * merge the adjacent pair of parts with the lowest rank, the leftmost one on ties, until no pair is
 * a token. tiktoken (and js-tiktoken) rescan every pair after each merge, which is quadratic: ten
 * thousand letters without a space take seconds. Here the candidate pairs sit in a binary heap keyed
 * by (rank, start), the same order the rescan finds, so the result is identical in O(m log m).
 */

import type { ByteRankTable } from './bpe-ranks.js';

/** What {@link ByteRankTable.rankOf} answers for bytes that are no token. */
const NO_PAIR = -1;
/** Heap keys pack (rank, start) into one double: ranks < 2^18 and starts < 2^32 stay exact. */
const START_SPAN = 4_294_967_296;

// Scratch space reused across calls: counting is synchronous, so one set of buffers serves all.
let nextStart = new Int32Array(256);
let previousStart = new Int32Array(256);
let pairRank = new Int32Array(256);
let heap = new Float64Array(768);
let heapSize = 0;

function ensureCapacity(byteLength: number): void {
  if (nextStart.length >= byteLength) return;
  const capacity = Math.max(byteLength, nextStart.length * 2);
  nextStart = new Int32Array(capacity);
  previousStart = new Int32Array(capacity);
  pairRank = new Int32Array(capacity);
  // Each merge pushes at most two new pairs; stale entries are skipped when popped.
  heap = new Float64Array(capacity * 3);
}

function heapPush(key: number): void {
  let index = heapSize++;
  while (index > 0) {
    const parent = (index - 1) >> 1;
    const parentKey = heap[parent] as number;
    if (parentKey <= key) break;
    heap[index] = parentKey;
    index = parent;
  }
  heap[index] = key;
}

function heapPop(): number {
  const top = heap[0] as number;
  const last = heap[--heapSize] as number;
  let index = 0;
  const half = heapSize >> 1;
  while (index < half) {
    let child = 2 * index + 1;
    let childKey = heap[child] as number;
    const right = child + 1;
    if (right < heapSize && (heap[right] as number) < childKey) {
      child = right;
      childKey = heap[right] as number;
    }
    if (last <= childKey) break;
    heap[index] = childKey;
    index = child;
  }
  heap[index] = last;
  return top;
}

/** Rank of bytes[start, end) as one token, or NO_PAIR; pushes it as a merge candidate of `start`. */
function offerPair(bytes: string, start: number, end: number, ranks: ByteRankTable): number {
  const rank = ranks.rankOf(bytes, start, end);
  if (rank === NO_PAIR) return NO_PAIR;
  heapPush(rank * START_SPAN + start);
  return rank;
}

/** The merge ranks of an encoding, keyed by a token's bytes as a binary string (one char per byte). */
export interface BytePairRanks {
  readonly ranks: ByteRankTable;
  /** Rank of every two-byte token at index `(first << 8) | second`, -1 where the pair is none. */
  readonly twoByteRanks: Int32Array;
}

/**
 * Number of tokens of `bytes` (a binary string: one char per byte). Every single byte must be a
 * token, as in all tiktoken encodings. The first round of pairs reads `twoByteRanks`, not the map.
 */
export function countBytePairTokens(bytes: string, { ranks, twoByteRanks }: BytePairRanks): number {
  const byteLength = bytes.length;
  if (byteLength <= 1) return byteLength;
  if (ranks.has(bytes)) return 1;
  ensureCapacity(byteLength);
  heapSize = 0;
  for (let start = 0; start < byteLength; start++) {
    nextStart[start] = start + 1;
    previousStart[start] = start - 1;
  }
  for (let start = 0; start < byteLength - 1; start++) {
    const rank = twoByteRanks[(bytes.charCodeAt(start) << 8) | bytes.charCodeAt(start + 1)] as number;
    if (rank >= 0) {
      pairRank[start] = rank;
      heapPush(rank * START_SPAN + start);
    } else {
      pairRank[start] = NO_PAIR;
    }
  }
  pairRank[byteLength - 1] = NO_PAIR;

  let parts = byteLength;
  while (heapSize > 0) {
    const key = heapPop();
    const rank = Math.floor(key / START_SPAN);
    const start = key - rank * START_SPAN;
    // A part's pair only ever grows, so an unchanged rank means the entry is still current.
    if (pairRank[start] !== rank) continue;
    const absorbed = nextStart[start] as number;
    const end = nextStart[absorbed] as number;
    pairRank[absorbed] = NO_PAIR;
    nextStart[start] = end;
    if (end < byteLength) previousStart[end] = start;
    parts--;
    pairRank[start] = end < byteLength ? offerPair(bytes, start, nextStart[end] as number, ranks) : NO_PAIR;
    const previous = previousStart[start] as number;
    if (previous >= 0) pairRank[previous] = offerPair(bytes, previous, end, ranks);
  }
  return parts;
}

/**
 * Start offsets (in bytes, ascending) of the tokens byte-pair encoding makes of `bytes`: the parts
 * {@link countBytePairTokens} counts, so their number is always its count.
 */
export function bytePairTokenStarts(bytes: string, table: BytePairRanks): number[] {
  const byteLength = bytes.length;
  if (byteLength === 0) return [];
  if (byteLength === 1 || table.ranks.has(bytes)) return [0];
  const starts = new Array<number>(countBytePairTokens(bytes, table));
  let index = 0;
  for (let start = 0; start < byteLength; start = nextStart[start] as number) starts[index++] = start;
  return starts;
}
