import { countBytePairTokens } from './byte-pair-count.js';
import { type BpeTable, bpeTable, type EncodingName } from './encodings.js';
import { TextCountCache } from './lru-cache.js';

/**
 * Pre-tokens longer than this many bytes are counted in segments of this size. Byte-pair merging
 * is O(m log m) here, so the cut only bounds the scratch memory of a single run (36 bytes per byte:
 * a 32 MiB body of one letter would ask for over 1 GiB). The price is exactness on such runs alone:
 * each cut can shift the count by a token or two (1 MB of random letters: 1–2 of ~540,000 tokens).
 * Shorter pre-tokens are exact.
 */
export const PRE_TOKEN_SEGMENT_BYTES = 65_536;

/** Repeated prompts are the common case under load; these bound what the cache keeps alive. */
export const TEXT_COUNT_CACHE_MAX_ENTRIES = 4096;
export const TEXT_COUNT_CACHE_MAX_TOTAL_CHARS = 8 * 1024 * 1024;

const caches: Record<EncodingName, TextCountCache> = {
  cl100k_base: new TextCountCache({
    maxEntries: TEXT_COUNT_CACHE_MAX_ENTRIES,
    maxTotalChars: TEXT_COUNT_CACHE_MAX_TOTAL_CHARS,
  }),
  o200k_base: new TextCountCache({
    maxEntries: TEXT_COUNT_CACHE_MAX_ENTRIES,
    maxTotalChars: TEXT_COUNT_CACHE_MAX_TOTAL_CHARS,
  }),
};

const utf8Encoder = new TextEncoder();
/** String.fromCharCode takes its bytes as arguments; keep each call well below the engine's limit. */
const BINARY_CHUNK_BYTES = 8192;

function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) > 0x7f) return false;
  }
  return true;
}

/**
 * UTF-8 bytes of `text` as a binary string, the key format of the rank map. Lone surrogates
 * become U+FFFD, as TextEncoder (and so js-tiktoken) encodes them.
 */
function utf8Binary(text: string): string {
  if (isAscii(text)) return text;
  const bytes = utf8Encoder.encode(text);
  if (bytes.length <= BINARY_CHUNK_BYTES) return String.fromCharCode(...bytes);
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += BINARY_CHUNK_BYTES) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + BINARY_CHUNK_BYTES));
  }
  return binary;
}

function countPreToken(preToken: string, table: BpeTable): number {
  const bytes = utf8Binary(preToken);
  if (table.ranks.has(bytes)) return 1;
  if (bytes.length <= PRE_TOKEN_SEGMENT_BYTES) return countBytePairTokens(bytes, table);
  let tokens = 0;
  // Runs of one repeated character (the usual padding or attack input) repeat their segments.
  let previousSegment = '';
  let previousTokens = 0;
  for (let offset = 0; offset < bytes.length; offset += PRE_TOKEN_SEGMENT_BYTES) {
    const segment = bytes.slice(offset, offset + PRE_TOKEN_SEGMENT_BYTES);
    if (segment !== previousSegment) {
      previousSegment = segment;
      previousTokens = countBytePairTokens(segment, table);
    }
    tokens += previousTokens;
  }
  return tokens;
}

function countUncached(text: string, table: BpeTable): number {
  const pattern = table.preTokenPattern;
  pattern.lastIndex = 0;
  let tokens = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const preToken = match[0];
    // Every character matches some alternative of tiktoken's patterns; this only guards the loop.
    if (preToken.length === 0) {
      pattern.lastIndex++;
      continue;
    }
    tokens += countPreToken(preToken, table);
  }
  return tokens;
}

/**
 * Exact token count of plain user text. Special-token text such as "<|endoftext|>" is ordinary
 * text here, as it is for any text a user sends; the function never throws. Runs without
 * whitespace cost O(n log n), and only runs over {@link PRE_TOKEN_SEGMENT_BYTES} are approximate.
 */
export function countTextTokens(text: string, encoding: EncodingName): number {
  if (text.length === 0) return 0;
  const cache = caches[encoding];
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const tokens = countUncached(text, bpeTable(encoding));
  cache.set(text, tokens);
  return tokens;
}

/** Forgets every cached count (tests and memory-pressure handlers). */
export function clearTextTokenCache(): void {
  for (const cache of Object.values(caches)) cache.clear();
}
