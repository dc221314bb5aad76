import type { SignedHistogram } from './signed-histogram.js';

/**
 * Value at a percentile, clamped to the exact [min, max]. The HDR value is the upper edge of the
 * bucket holding the sample of that rank, so it can exceed the exact max by up to 0.1%; clamping keeps
 * it an upper bound of the true value (which lies in [min, max]) and makes p100 the exact max.
 */
export function percentileValue(histogram: SignedHistogram, percentile: number): number {
  const value = histogram.valueAtPercentile(percentile);
  const min = histogram.min ?? value;
  const max = histogram.max ?? value;
  return Math.min(Math.max(value, min), max);
}

/** Exact mean as a rational: sum / count of the recorded integers. */
export function exactMean(histogram: SignedHistogram): number {
  return histogram.count === 0 ? 0 : histogram.sum / histogram.count;
}
