import { InvalidParameterError } from './catalogue.js';

/** The body fields that carry a request's output-token limit, in the order the generator prefers them. */
const TOKEN_LIMIT_FIELDS = ['max_completion_tokens', 'max_tokens', 'max_output_tokens'] as const;

/**
 * The 400 for an output-token limit the generator cannot count to (above 2^53−1, where JSON numbers stop
 * being exact): names the field the body used, in the API's words for an integer above its maximum.
 */
export function tokenLimitError(body: unknown): InvalidParameterError | null {
  if (typeof body !== 'object' || body === null) return null;
  for (const field of TOKEN_LIMIT_FIELDS) {
    const value = (body as Record<string, unknown>)[field];
    if (typeof value === 'number' && !Number.isSafeInteger(value) && value > Number.MAX_SAFE_INTEGER) {
      return new InvalidParameterError({
        message:
          `Invalid '${field}': integer above maximum value. ` +
          `Expected a value <= ${Number.MAX_SAFE_INTEGER}, but got ${String(value)} instead.`,
        param: field,
        code: 'integer_above_max_value',
      });
    }
  }
  return null;
}
