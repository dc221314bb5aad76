import { describe, expect, it } from 'vitest';
import { rateLimitMessage } from './rate-limit-messages.js';
import { RateLimiter } from './rate-limiter.js';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('starts full, refills continuously, and says how long to wait', () => {
    const bucket = new TokenBucket(60, 60_000, 0);
    expect(bucket.state(0)).toEqual({ limit: 60, remaining: 60, resetMs: 0 });
    for (let index = 0; index < 60; index++) bucket.take(1, 0);
    expect(bucket.state(0)).toEqual({ limit: 60, remaining: 0, resetMs: 60_000 });
    expect(bucket.waitMs(1, 0)).toBe(1000);
    expect(bucket.waitMs(1, 999)).toBe(1);
    expect(bucket.waitMs(1, 1000)).toBe(0);
    expect(bucket.state(1500)).toEqual({ limit: 60, remaining: 1, resetMs: 58_500 });
    expect(bucket.waitMs(61, 1500)).toBe(Number.POSITIVE_INFINITY);
    expect(bucket.isFull(59_999)).toBe(false);
    expect(bucket.isFull(60_000)).toBe(true);
    expect(bucket.state(120_000)).toEqual({ limit: 60, remaining: 60, resetMs: 0 });
  });

  it('refills exactly on whole milliseconds, whatever the rate', () => {
    const bucket = new TokenBucket(7, 60_000, 0);
    for (let index = 0; index < 7; index++) bucket.take(1, 0);
    // 60000 / 7 = 8571.43 ms per unit: the wait rounds up, and the unit is there at that ms, not before.
    expect(bucket.waitMs(1, 0)).toBe(8572);
    expect(bucket.state(8571).remaining).toBe(0);
    expect(bucket.state(8572).remaining).toBe(1);
    expect(bucket.state(60_000).remaining).toBe(7);
  });

  it('rejects a capacity or window that is not a positive integer', () => {
    expect(() => new TokenBucket(0, 60_000, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(1.5, 60_000, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0, 0)).toThrow(RangeError);
  });
});

describe('RateLimiter over time (injected clock)', () => {
  it('admits 3 requests per minute, refuses the 4th with the exact wait, then admits as it refills', () => {
    const limiter = new RateLimiter({ requestsPerMinute: 3, tokensPerMinute: 0 });
    const outcomes = [0, 1, 2, 3].map((atMs) => limiter.admit('sk-a', 10, atMs));
    expect(outcomes.map((outcome) => outcome.admitted)).toEqual([true, true, true, false]);
    expect(outcomes[2]).toEqual({
      admitted: true,
      snapshot: { requests: { limit: 3, remaining: 0, resetMs: 59_998 }, tokens: null },
    });
    expect(outcomes[3]).toEqual({
      admitted: false,
      limit: 'requests',
      limitValue: 3,
      used: 3,
      requested: 1,
      retryAfterMs: 19_997,
      snapshot: { requests: { limit: 3, remaining: 0, resetMs: 59_997 }, tokens: null },
    });
    expect(limiter.admit('sk-a', 10, 20_000).admitted).toBe(true);
    expect(limiter.admit('sk-a', 10, 20_001).admitted).toBe(false);
    // Other keys have their own buckets.
    expect(limiter.admit('sk-b', 10, 20_001).admitted).toBe(true);
  });

  it('limits tokens, refuses without spending, and refuses a request larger than the limit for good', () => {
    const limiter = new RateLimiter({ requestsPerMinute: 100, tokensPerMinute: 1000 });
    expect(limiter.admit('k', 600, 0).admitted).toBe(true);
    const refused = limiter.admit('k', 600, 0);
    expect(refused).toMatchObject({
      admitted: false,
      limit: 'tokens',
      limitValue: 1000,
      used: 600,
      requested: 600,
      retryAfterMs: 12_000,
    });
    // The refusal spent nothing: 400 tokens and 99 requests are left.
    expect(limiter.peek('k', 0)).toEqual({
      requests: { limit: 100, remaining: 99, resetMs: 600 },
      tokens: { limit: 1000, remaining: 400, resetMs: 36_000 },
    });
    expect(limiter.admit('k', 1001, 60_000)).toMatchObject({
      admitted: false,
      limit: 'tokens',
      retryAfterMs: null,
    });
    expect(limiter.admit('k', 600, 12_000).admitted).toBe(true);
  });

  it('reports fresh limits for an unseen key, and nothing when unlimited', () => {
    expect(new RateLimiter({ requestsPerMinute: 5, tokensPerMinute: 0 }).peek('new', 0)).toEqual({
      requests: { limit: 5, remaining: 5, resetMs: 0 },
      tokens: null,
    });
    const unlimited = new RateLimiter({ requestsPerMinute: 0, tokensPerMinute: 0 });
    expect(unlimited.enabled).toBe(false);
    expect(unlimited.admit('k', 1e9, 0)).toEqual({
      admitted: true,
      snapshot: { requests: null, tokens: null },
    });
  });

  it('bounds the keys it tracks: full buckets go first, then the least recently used', () => {
    const limiter = new RateLimiter({ requestsPerMinute: 2, tokensPerMinute: 0 }, 3);
    limiter.admit('a', 1, 0);
    limiter.admit('b', 1, 0);
    limiter.admit('c', 1, 0);
    limiter.admit('a', 1, 1);
    limiter.admit('d', 1, 2);
    expect(limiter.keyCount).toBe(3);
    // 'b' was least recently used: it was dropped, so it is full again; 'a' kept its state.
    expect(limiter.peek('b', 2).requests?.remaining).toBe(2);
    expect(limiter.peek('a', 2).requests?.remaining).toBe(0);
    // Once every bucket has refilled, new keys displace full ones, not recent ones.
    limiter.admit('e', 1, 120_000);
    expect(limiter.keyCount).toBe(1);
  });
});

describe('rateLimitMessage', () => {
  it("writes OpenAI's messages with the refusing limit's numbers", () => {
    expect(
      rateLimitMessage({
        model: 'gpt-4o-mini',
        limit: 'tokens',
        limitValue: 60_000,
        used: 59_275,
        requested: 1016,
        retryAfterMs: 291,
      }),
    ).toBe(
      'Rate limit reached for gpt-4o-mini in organization org-tokenpace on tokens per min (TPM): Limit 60000, ' +
        'Used 59275, Requested 1016. Please try again in 291ms. Visit https://platform.openai.com/account/rate-limits ' +
        'to learn more.',
    );
    expect(
      rateLimitMessage({
        model: 'gpt-4',
        limit: 'tokens',
        limitValue: 10_000,
        used: 0,
        requested: 14_982,
        retryAfterMs: null,
      }),
    ).toBe(
      'Request too large for gpt-4 in organization org-tokenpace on tokens per min (TPM): Limit 10000, Requested ' +
        '14982. The input or output tokens must be reduced in order to run successfully. Visit ' +
        'https://platform.openai.com/account/rate-limits to learn more.',
    );
    expect(
      rateLimitMessage({
        model: 'o3',
        limit: 'requests',
        limitValue: 3,
        used: 3,
        requested: 1,
        retryAfterMs: 20_000,
      }),
    ).toBe(
      'Rate limit reached for o3 in organization org-tokenpace on requests per min (RPM): Limit 3, Used 3, ' +
        'Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.',
    );
  });
});
