import { type LimitName, rateLimitMessage } from '@tokenpace/core';
import { ApiError } from '../errors/api-error.js';
import { retryAfterHeaders } from '../faults/injected-error.js';

export interface RateLimitRefusal {
  model: string;
  limit: LimitName;
  limitValue: number;
  used: number;
  requested: number;
  /** Null when the request exceeds the limit on its own: then no retry header, as the API sends none. */
  retryAfterMs: number | null;
}

/**
 * A request the rate limiter refused: 429 with type `requests` or `tokens`, code `rate_limit_exceeded`, the
 * API's message with the limit's numbers, and `retry-after` / `retry-after-ms` saying exactly when it would pass.
 */
export class RateLimitError extends ApiError {
  readonly status = 429;
  readonly type: LimitName;
  readonly reason: string;
  /** The limit's numbers, for APIs that word the message their own way. */
  readonly refusal: RateLimitRefusal;

  constructor(refusal: RateLimitRefusal) {
    super({
      message: rateLimitMessage(refusal),
      code: 'rate_limit_exceeded',
      headers: refusal.retryAfterMs === null ? {} : retryAfterHeaders(refusal.retryAfterMs),
    });
    this.type = refusal.limit;
    this.refusal = refusal;
    this.reason =
      refusal.retryAfterMs === null ? `request_too_large_${refusal.limit}` : `rate_limited_${refusal.limit}`;
  }
}
