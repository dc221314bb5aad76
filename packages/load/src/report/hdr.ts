import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, JsHistogram } from 'hdr-histogram-js';

/** HDR configuration of every histogram the report writes or accepts (merges are exact only between equals). */
export const SIGNIFICANT_DIGITS = 3;
export const LOWEST_DISCERNIBLE_VALUE = 1;
/** Initial range: one hour in µs. Larger values resize the histogram; encoding canonicalises the range. */
export const INITIAL_HIGHEST_TRACKABLE_VALUE = 3_600_000_000;
/** 32-bit counts: one bucket holds up to 2^31 − 1 samples, the limit enforced per histogram. */
export const BIT_BUCKET_SIZE = 32;
export const MAX_COUNT_PER_HISTOGRAM = 2 ** 31 - 1;

export function createHdrHistogram(highestTrackableValue = INITIAL_HIGHEST_TRACKABLE_VALUE): JsHistogram {
  const histogram = build({
    lowestDiscernibleValue: LOWEST_DISCERNIBLE_VALUE,
    highestTrackableValue,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    bitBucketSize: BIT_BUCKET_SIZE,
    autoResize: true,
  });
  if (!(histogram instanceof JsHistogram)) throw new Error('hdr-histogram-js built a non-JS histogram');
  return histogram;
}

/**
 * The encoded form depends on the counts and on the header's highest trackable value, which differs
 * with the resize history (recording vs `add`). Encoding from a histogram whose range is a function of
 * its counts alone makes equal distributions encode to equal bytes, whichever way they were built.
 */
export function canonicalHighestTrackableValue(histogram: JsHistogram): number {
  if (histogram.totalCount === 0) return INITIAL_HIGHEST_TRACKABLE_VALUE;
  return Math.max(INITIAL_HIGHEST_TRACKABLE_VALUE, histogram.getValueAtPercentile(100));
}

export function encodeCanonical(histogram: JsHistogram): string {
  if (histogram.highestTrackableValue === canonicalHighestTrackableValue(histogram)) {
    return encodeIntoCompressedBase64(histogram);
  }
  const copy = createHdrHistogram(canonicalHighestTrackableValue(histogram));
  copy.add(histogram);
  return encodeIntoCompressedBase64(copy);
}

/**
 * The histogram as decoded from its canonical encoding. Beside the range, hdr-histogram-js keeps the
 * exact max of directly recorded values but the bucket's highest value after decoding; going through
 * the encoding makes everything derived (e.g. the .hgrm footer) independent of how it was built.
 */
export function canonicalCopy(histogram: JsHistogram): JsHistogram {
  return decodeChecked(encodeCanonical(histogram));
}

/** Decodes a histogram and checks that it has the report's configuration, or throws with the reason. */
export function decodeChecked(base64: string): JsHistogram {
  const histogram = decodeFromCompressedBase64(base64, BIT_BUCKET_SIZE);
  if (!(histogram instanceof JsHistogram)) throw new Error('decoded a non-JS histogram');
  if (histogram.numberOfSignificantValueDigits !== SIGNIFICANT_DIGITS) {
    throw new Error(
      `histogram has ${histogram.numberOfSignificantValueDigits} significant digits, expected ${SIGNIFICANT_DIGITS}`,
    );
  }
  if (histogram.lowestDiscernibleValue !== LOWEST_DISCERNIBLE_VALUE) {
    throw new Error(
      `histogram has lowest discernible value ${histogram.lowestDiscernibleValue}, expected ${LOWEST_DISCERNIBLE_VALUE}`,
    );
  }
  histogram.autoResize = true;
  return histogram;
}

/** Same rounding as hdr-histogram-js's getValueAtPercentile, so both sides of a signed histogram agree with it. */
function ulp(value: number): number {
  return 2 ** (Math.floor(Math.log2(value)) - 52);
}

/** Number of samples at or below a percentile, as HdrHistogram counts it (at least 1). */
export function countAtPercentile(percentile: number, totalCount: number): number {
  const requested = Math.min(percentile, 100);
  const fpCount = (requested / 100) * totalCount;
  return Math.max(Math.ceil(fpCount - ulp(fpCount)), 1);
}
