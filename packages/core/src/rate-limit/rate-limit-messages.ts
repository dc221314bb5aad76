import { ORGANIZATION_ID } from '../faults/error-kinds.js';
import { formatResetDuration } from './format-duration.js';
import type { LimitName } from './rate-limiter.js';

const RATE_LIMITS_LINK = 'Visit https://platform.openai.com/account/rate-limits to learn more.';

const LIMIT_WORDS: Readonly<Record<LimitName, string>> = {
  requests: 'requests per min (RPM)',
  tokens: 'tokens per min (TPM)',
};

export interface RefusalDetails {
  model: string;
  limit: LimitName;
  limitValue: number;
  used: number;
  requested: number;
  /** Null when the request exceeds the limit by itself and can never pass. */
  retryAfterMs: number | null;
}

/** OpenAI's message for a request a rate limit refused, with the numbers of the limit that refused it. */
export function rateLimitMessage(details: RefusalDetails): string {
  const { model, limit, limitValue, used, requested, retryAfterMs } = details;
  const where = `for ${model} in organization ${ORGANIZATION_ID} on ${LIMIT_WORDS[limit]}`;
  if (retryAfterMs === null) {
    return (
      `Request too large ${where}: Limit ${limitValue}, Requested ${requested}. ` +
      `The input or output tokens must be reduced in order to run successfully. ${RATE_LIMITS_LINK}`
    );
  }
  return (
    `Rate limit reached ${where}: Limit ${limitValue}, Used ${used}, Requested ${requested}. ` +
    `Please try again in ${formatResetDuration(retryAfterMs)}. ${RATE_LIMITS_LINK}`
  );
}
