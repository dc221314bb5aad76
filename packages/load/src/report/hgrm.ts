import { createHdrHistogram, INITIAL_HIGHEST_TRACKABLE_VALUE, SIGNIFICANT_DIGITS } from './hdr.js';
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
 * (1000 turns µs into ms), for histograms of either sign. For non-negative data the text is
 * byte-identical to hdr-histogram-js's outputPercentileDistribution on the canonical (decoded) histogram,
 * which a property test checks; the library's own iterator is ~30× slower (70 ms a histogram), which
 * matters with hundreds of histograms. The footer's max is the highest bucket's upper edge, as
 * HdrHistogram prints it, so the text depends only on the encoded form.
 */
export function formatHgrm(
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
  const max = buckets[buckets.length - 1]?.highest ?? 0;
  // The footer reports the bucket layout of the canonical histogram, whose range covers every value.
  const layout = createHdrHistogram(
    Math.max(INITIAL_HIGHEST_TRACKABLE_VALUE, Math.abs(buckets[0]?.lowest ?? 0), Math.abs(max)),
  );
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
