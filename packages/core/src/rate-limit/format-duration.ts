const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/** Seconds with up to three decimals and no trailing zeros: 7660 → "7.66", 6000 → "6". */
function secondsText(ms: number): string {
  const whole = Math.floor(ms / MS_PER_SECOND);
  const fraction = ms % MS_PER_SECOND;
  if (fraction === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}`;
}

/**
 * A duration as OpenAI writes it in `x-ratelimit-reset-*` headers and rate-limit messages (Go's duration
 * format, to the millisecond): `0s`, `12ms`, `1s`, `7.66s`, `6m0s`, `1m30.5s`, `1h0m0s`. Fractions of a
 * millisecond round up, so a client that waits this long is never early.
 */
export function formatResetDuration(durationMs: number): string {
  const ms = Math.ceil(Math.max(0, durationMs));
  if (ms === 0) return '0s';
  if (ms < MS_PER_SECOND) return `${ms}ms`;
  if (ms < MS_PER_MINUTE) return `${secondsText(ms)}s`;
  const hours = Math.floor(ms / MS_PER_HOUR);
  const minutes = Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE);
  const seconds = secondsText(ms % MS_PER_MINUTE);
  return hours > 0 ? `${hours}h${minutes}m${seconds}s` : `${minutes}m${seconds}s`;
}
