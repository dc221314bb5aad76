import type { MetricKind } from './metrics.js';

export const MICROS_PER_MS = 1000;

/**
 * Largest magnitude recorded, in recorded units: 2^43 µs is about 101 days, above any e2e time the
 * protocol's caps allow (TTFT + length × ITL), and keeps sums of millions of samples exact integers.
 */
export const MAX_RECORDED_MAGNITUDE = 2 ** 43;

/** Rounds half away from zero, so that negating a value and converting commute (deltas mirror exactly). */
export function roundHalfAwayFromZero(value: number): number {
  const rounded = value < 0 ? -Math.round(-value) : Math.round(value);
  return rounded === 0 ? 0 : rounded; // no -0: it would print as "-0.000"
}

/** k6 time metrics are ms floats with µs resolution; the report works in integer µs. */
export function msToMicros(ms: number): number {
  return roundHalfAwayFromZero(ms * MICROS_PER_MS);
}

/** Converts a k6 sample value to the integer the histogram of a metric of this kind records. */
export function toRecordedValue(kind: MetricKind, value: number): number {
  switch (kind) {
    case 'time':
      return msToMicros(value);
    case 'count':
      return roundHalfAwayFromZero(value);
    case 'rate':
      return value === 0 ? 0 : 1;
  }
}

/** Integer µs as ms with exactly three decimals, built from digits (no float formatting): 1500 → "1.500". */
export function formatMicrosAsMs(micros: number): string {
  const integer = roundHalfAwayFromZero(micros);
  const magnitude = Math.abs(integer);
  const whole = Math.floor(magnitude / MICROS_PER_MS);
  const fraction = String(magnitude % MICROS_PER_MS).padStart(3, '0');
  return `${integer < 0 ? '-' : ''}${whole}.${fraction}`;
}

/** Integer µs as a JSON number of ms; `micros / 1000` is the double nearest the 3-decimal value. */
export function microsToMs(micros: number): number {
  return roundHalfAwayFromZero(micros) / MICROS_PER_MS;
}
