import type { SignedHistogram } from './signed-histogram.js';

/** One line of an HdrHistogram percentile distribution. */
export interface PercentilePoint {
  /** Value in recorded units (highest equivalent value of its bucket). */
  readonly value: number;
  /** Percentile level iterated to, 0–100. */
  readonly percentile: number;
  /** Samples at or below `value`. */
  readonly totalCount: number;
}

/** HdrHistogram's default: 5 reporting ticks per half distance to 100%. */
export const DEFAULT_TICKS_PER_HALF_DISTANCE = 5;

/**
 * The percentile iteration of HdrHistogram's outputPercentileDistribution, over the signed buckets:
 * the same levels, counts and floating-point steps as hdr-histogram-js's PercentileIterator, so for
 * non-negative data the points are identical to the library's.
 */
export function percentileDistribution(
  histogram: SignedHistogram,
  ticksPerHalfDistance = DEFAULT_TICKS_PER_HALF_DISTANCE,
): PercentilePoint[] {
  const total = histogram.count;
  const buckets = histogram.buckets();
  const points: PercentilePoint[] = [];
  if (total === 0) return points;
  let index = 0;
  let fresh = true;
  let cumulative = 0;
  let level = 0;
  while (cumulative < total) {
    for (;;) {
      const bucket = buckets[index];
      if (bucket === undefined) throw new Error('bucket counts do not add up to the histogram count');
      if (fresh) {
        cumulative += bucket.count;
        fresh = false;
      }
      if ((100 * cumulative) / total >= level) {
        points.push({ value: bucket.highest, percentile: level, totalCount: cumulative });
        const ticks = ticksPerHalfDistance * 2 ** (Math.floor(Math.log2(100 / (100 - level))) + 1);
        level += 100 / ticks;
        break;
      }
      index += 1;
      fresh = true;
    }
  }
  const last = buckets[index];
  if (last !== undefined) points.push({ value: last.highest, percentile: 100, totalCount: total });
  return points;
}

/** HdrHistogram's mean: bucket medians weighted by count (what .hgrm footers show). */
export function bucketMean(histogram: SignedHistogram): number {
  if (histogram.count === 0) return 0;
  let total = 0;
  for (const bucket of histogram.buckets()) total += bucket.median * bucket.count;
  return total / histogram.count;
}

/** HdrHistogram's standard deviation over bucket medians. */
export function bucketStdDeviation(histogram: SignedHistogram, mean = bucketMean(histogram)): number {
  if (histogram.count === 0) return 0;
  let total = 0;
  for (const bucket of histogram.buckets()) {
    const deviation = bucket.median - mean;
    total += deviation * deviation * bucket.count;
  }
  return Math.sqrt(total / histogram.count);
}
