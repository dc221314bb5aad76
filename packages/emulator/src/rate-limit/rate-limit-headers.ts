import { formatResetDuration, type RateLimitSnapshot } from '@tokenpace/core';

/** The `x-ratelimit-*` headers of a limiter's state; a dimension without a limit keeps the generous defaults. */
export function rateLimitHeaders(snapshot: RateLimitSnapshot): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['requests', 'tokens'] as const) {
    const state = snapshot[name];
    if (state === null) continue;
    headers[`x-ratelimit-limit-${name}`] = String(state.limit);
    headers[`x-ratelimit-remaining-${name}`] = String(state.remaining);
    headers[`x-ratelimit-reset-${name}`] = formatResetDuration(state.resetMs);
  }
  return headers;
}
