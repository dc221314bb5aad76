import type { EncodingName } from './encodings.js';

/**
 * UTF-8 bytes per token used by {@link estimateTextTokens}, calibrated on English prose, Markdown and source
 * code, which both encodings cut at 4.1–4.6 bytes per token. Denser text is under-counted: JSON (about 2.6
 * bytes per token) by up to 40 %, CJK text in cl100k_base (about 2.7) by about 35 %.
 */
export const ESTIMATE_BYTES_PER_TOKEN: Readonly<Record<EncodingName, number>> = {
  cl100k_base: 4.3,
  o200k_base: 4.3,
};

/** Length of `text` in UTF-8 bytes; a lone surrogate counts as U+FFFD (3 bytes), as TextEncoder writes it. */
export function utf8ByteLength(text: string): number {
  // Every code unit is at least one byte; add what the longer forms take beyond that.
  let bytes = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) {
      bytes += 1;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = index + 1 < text.length ? text.charCodeAt(index + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair: two code units, four bytes.
        bytes += 2;
        index += 1;
        continue;
      }
    }
    // The rest of the BMP, and lone surrogates: three bytes.
    bytes += 2;
  }
  return bytes;
}

/**
 * Fast estimate of the tokens of `text`, from its UTF-8 length alone: O(n), no tokenizer tables, no cache. For
 * rates where exact counting costs more than it is worth; see {@link ESTIMATE_BYTES_PER_TOKEN} for its error.
 */
export function estimateTextTokens(text: string, encoding: EncodingName): number {
  if (text.length === 0) return 0;
  return Math.ceil(utf8ByteLength(text) / ESTIMATE_BYTES_PER_TOKEN[encoding]);
}
