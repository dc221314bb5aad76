import { timingError } from './timing-parse-error.js';

const DIGITS = /^\d+$/;

/**
 * Parses an exact output length: a whole number of tokens from 1 to `cap`. 0 is rejected, like
 * OpenAI rejects `max_tokens: 0`: a completion without a single token has no TTFT to measure.
 */
export function parseOutputLength(text: string, param: string, cap: number): number {
  const trimmed = text.trim();
  if (!DIGITS.test(trimmed)) {
    const reason = /^-\s*\d/.test(trimmed) ? 'is negative' : 'is not a whole number';
    throw timingError(param, text, `${reason}; the output length is a number of tokens from 1 to ${cap}.`);
  }
  const tokens = Number(trimmed);
  if (tokens === 0)
    throw timingError(param, text, `is zero; the output length is a number of tokens from 1 to ${cap}.`);
  if (tokens > cap) throw timingError(param, text, `is above the cap of ${cap} tokens.`);
  return tokens;
}
