import { canonicalCopy, createHdrHistogram, SIGNIFICANT_DIGITS } from './hdr.js';
import {
  bucketMean,
  bucketStdDeviation,
  DEFAULT_TICKS_PER_HALF_DISTANCE,
  percentileDistribution,
} from './percentile-distribution.js';
import type { SignedHistogram } from './signed-histogram.js';

const HEADER = '       Value     Percentile TotalCount 1/(1-Percentile)\n\n';

/**
 * The standard HdrHistogram percentile-distribution text (.hgrm), values divided by `scalingRatio`
 * (1000 turns µs into ms). Non-negative histograms are printed by hdr-histogram-js itself, from their
 * canonical encoded form so that the footer's max does not depend on how the histogram was built;
 * histograms with negative values are printed in the same format by the signed iteration.
 */
export function formatHgrm(
  histogram: SignedHistogram,
  scalingRatio: number,
  ticksPerHalfDistance = DEFAULT_TICKS_PER_HALF_DISTANCE,
): string {
  if (!histogram.hasNegative) {
    return canonicalCopy(histogram.positive).outputPercentileDistribution(ticksPerHalfDistance, scalingRatio);
  }
  return formatSignedHgrm(histogram, scalingRatio, ticksPerHalfDistance);
}

/** Same text as outputPercentileDistribution, for a signed histogram; exported to test it against the library. */
export function formatSignedHgrm(
  histogram: SignedHistogram,
  scalingRatio: number,
  ticksPerHalfDistance = DEFAULT_TICKS_PER_HALF_DISTANCE,
): string {
  const value = fixed(12, SIGNIFICANT_DIGITS);
  const percentile = fixed(2, 12);
  const inverse = fixed(14, 2);
  let text = HEADER;
  for (const point of percentileDistribution(histogram, ticksPerHalfDistance)) {
    const level = point.percentile / 100;
    text += `${value(point.value / scalingRatio)} ${percentile(level)} ${String(point.totalCount).padStart(10)}`;
    text += point.percentile < 100 ? ` ${inverse(1 / (1 - level))}\n` : '\n';
  }
  const mean = bucketMean(histogram);
  const buckets = histogram.buckets();
  const max = histogram.count === 0 ? 0 : (buckets[buckets.length - 1]?.highest ?? 0);
  const layout = createHdrHistogram(); // bucket layout of a fresh histogram, as the footer reports it
  const integer = (count: number) => String(count).padStart(12);
  text += `#[Mean    = ${value(mean / scalingRatio)}, StdDeviation   = ${value(bucketStdDeviation(histogram, mean) / scalingRatio)}]\n`;
  text += `#[Max     = ${value(max / scalingRatio)}, Total count    = ${integer(histogram.count)}]\n`;
  text += `#[Buckets = ${integer(layout.bucketCount)}, SubBuckets     = ${integer(layout.subBucketCount)}]\n`;
  return text;
}

function fixed(width: number, fractionDigits: number): (value: number) => string {
  const format = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
    useGrouping: false,
  });
  return (value) => format.format(value).padStart(width);
}
