export { formatResetDuration } from './format-duration.js';
export type { RefusalDetails } from './rate-limit-messages.js';
export { rateLimitMessage } from './rate-limit-messages.js';
export type { Admission, LimitName, RateLimitSnapshot, RateLimits } from './rate-limiter.js';
export { DEFAULT_MAX_RATE_LIMIT_KEYS, RATE_LIMIT_WINDOW_MS, RateLimiter } from './rate-limiter.js';
export type { LimitState } from './token-bucket.js';
export { TokenBucket } from './token-bucket.js';
