import type { RateLimitSnapshot } from '@tokenpace/core';

/** What a response says when no rate limit is configured: limits so generous no gateway ever throttles. */
const GENEROUS_LIMITS = { requests: 1_000_000, tokens: 1_000_000_000 } as const;

/** Anthropic writes resets as RFC 3339 instants to the second, not as durations. */
function resetAt(epochMs: number, resetMs: number): string {
  return `${new Date(Math.ceil((epochMs + resetMs) / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/**
 * The `anthropic-ratelimit-*` headers of a limiter's state at `epochMs`. The limiter's token bucket counts
 * prompt and output together, so the `tokens` headers carry it; input and output have no limit of their own.
 * A dimension without a limit (or no limiter, `snapshot` null) reports the generous defaults.
 */
export function anthropicRateLimitHeaders(
  snapshot: RateLimitSnapshot | null,
  epochMs: number,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const) {
    const state = name === 'requests' || name === 'tokens' ? (snapshot?.[name] ?? null) : null;
    const generous = name === 'requests' ? GENEROUS_LIMITS.requests : GENEROUS_LIMITS.tokens;
    headers[`anthropic-ratelimit-${name}-limit`] = String(state?.limit ?? generous);
    headers[`anthropic-ratelimit-${name}-remaining`] = String(state?.remaining ?? generous);
    headers[`anthropic-ratelimit-${name}-reset`] = resetAt(epochMs, state?.resetMs ?? 0);
  }
  return headers;
}

/** Headers of every Anthropic response: its `request-id` and the generous rate limits (a limiter overrides them). */
export function anthropicBaseHeaders(requestId: string, epochMs: number): Record<string, string> {
  return { 'request-id': requestId, ...anthropicRateLimitHeaders(null, epochMs) };
}
