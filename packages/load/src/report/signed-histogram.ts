import type { JsHistogram } from 'hdr-histogram-js';
import {
  countAtPercentile,
  createHdrHistogram,
  decodeChecked,
  encodeCanonical,
  MAX_COUNT_PER_HISTOGRAM,
} from './hdr.js';

/**
 * One bucket of the signed distribution, in recorded units. `lowest`..`highest` is the range of
 * values HDR cannot tell apart; `median` is the value HdrHistogram uses for means.
 */
export interface SignedBucket {
  readonly lowest: number;
  readonly highest: number;
  readonly median: number;
  readonly count: number;
}

/** The mergeable form of one signed histogram (see `SIGN_SCHEME`). */
export interface EncodedSignedHistogram {
  readonly count: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly sum: number;
  readonly positive: string;
  readonly negative: string | null;
}

export const SIGN_SCHEME =
  'split-sign: a value v >= 0 is recorded as v in `positive`; a value v < 0 is recorded as -v in `negative` ' +
  '(null when there is none). The signed distribution is `negative` mirrored (largest magnitude first) ' +
  'followed by `positive`, so every percentile keeps HDR precision (3 significant digits) on both sides of 0. ' +
  'A percentile reports the edge of its bucket nearest +infinity, as HdrHistogram does for positive values: ' +
  'highestEquivalentValue(v) for v >= 0, -lowestEquivalentValue(-v) for v < 0. ' +
  '`count`, `min`, `max` and `sum` are exact integers in `unit`; they merge by +, min, max, +.';

/**
 * An HDR histogram of integers of either sign, with exact count, min, max and sum on the side.
 * HdrHistogram only records values >= 0, and an offset would trade away its relative precision
 * near 0, which is exactly where timing deltas live; two magnitude histograms keep it.
 */
export class SignedHistogram {
  #positive: JsHistogram;
  #negative: JsHistogram | null;
  #count = 0;
  #sum = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;
  #buckets: SignedBucket[] | null = null;

  constructor(positive: JsHistogram = createHdrHistogram(), negative: JsHistogram | null = null) {
    this.#positive = positive;
    this.#negative = negative;
  }

  /** Records an integer (the caller converts: µs, tokens, 0/1). */
  record(value: number): void {
    if (this.#count >= MAX_COUNT_PER_HISTOGRAM) {
      throw new RangeError(`a histogram holds at most ${MAX_COUNT_PER_HISTOGRAM} samples`);
    }
    if (value >= 0) {
      this.#positive.recordValue(value);
    } else {
      this.#negative ??= createHdrHistogram();
      this.#negative.recordValue(-value);
    }
    this.#count += 1;
    this.#sum += value;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
    this.#buckets = null;
  }

  /** Adds another histogram's samples; exact, commutative and associative. */
  add(other: SignedHistogram): void {
    if (other.#count === 0) return;
    if (this.#count + other.#count > MAX_COUNT_PER_HISTOGRAM) {
      throw new RangeError(`a histogram holds at most ${MAX_COUNT_PER_HISTOGRAM} samples`);
    }
    if (other.#positive.totalCount > 0) this.#positive.add(other.#positive);
    if (other.#negative !== null) {
      this.#negative ??= createHdrHistogram();
      this.#negative.add(other.#negative);
    }
    this.#count += other.#count;
    this.#sum += other.#sum;
    this.#min = Math.min(this.#min, other.#min);
    this.#max = Math.max(this.#max, other.#max);
    this.#buckets = null;
  }

  get count(): number {
    return this.#count;
  }

  /** Exact sum of the recorded integers. */
  get sum(): number {
    return this.#sum;
  }

  /** Exact smallest recorded value, or null when empty. */
  get min(): number | null {
    return this.#count === 0 ? null : this.#min;
  }

  /** Exact largest recorded value, or null when empty. */
  get max(): number | null {
    return this.#count === 0 ? null : this.#max;
  }

  get hasNegative(): boolean {
    return this.#negative !== null;
  }

  /** The histogram of values >= 0 (read-only use: .hgrm output of non-negative metrics). */
  get positive(): JsHistogram {
    return this.#positive;
  }

  /**
   * Value at a percentile (0–100) with HdrHistogram's semantics: the bucket holding the sample of rank
   * ceil(p% × count), reported by its edge toward +infinity (toward -infinity for p = 0).
   * For histograms without negative values this equals hdr-histogram-js's getValueAtPercentile.
   */
  valueAtPercentile(percentile: number): number {
    if (this.#count === 0) throw new RangeError('percentile of an empty histogram');
    const rank = countAtPercentile(percentile, this.#count);
    let cumulative = 0;
    for (const bucket of this.buckets()) {
      cumulative += bucket.count;
      if (cumulative >= rank) return percentile === 0 ? bucket.lowest : bucket.highest;
    }
    throw new Error('bucket counts do not add up to the histogram count');
  }

  /** Non-empty buckets in ascending signed order. */
  buckets(): readonly SignedBucket[] {
    if (this.#buckets === null) {
      const buckets: SignedBucket[] = [];
      if (this.#negative !== null) {
        const negative = this.#negative;
        const indexes = nonEmptyIndexes(negative);
        for (let position = indexes.length - 1; position >= 0; position--) {
          const index = indexes[position] as number;
          const magnitude = negative.valueFromIndex(index);
          buckets.push({
            lowest: -negative.highestEquivalentValue(magnitude),
            highest: -negative.lowestEquivalentValue(magnitude),
            median: -negative.medianEquivalentValue(magnitude),
            count: negative.getCountAtIndex(index),
          });
        }
      }
      const positive = this.#positive;
      for (const index of nonEmptyIndexes(positive)) {
        const value = positive.valueFromIndex(index);
        buckets.push({
          lowest: positive.lowestEquivalentValue(value),
          highest: positive.highestEquivalentValue(value),
          median: positive.medianEquivalentValue(value),
          count: positive.getCountAtIndex(index),
        });
      }
      this.#buckets = buckets;
    }
    return this.#buckets;
  }

  encode(): EncodedSignedHistogram {
    if (!Number.isSafeInteger(this.#sum)) throw new RangeError('sum of samples exceeds 2^53: not exact');
    return {
      count: this.#count,
      min: this.min,
      max: this.max,
      sum: this.#sum,
      positive: encodeCanonical(this.#positive),
      negative: this.#negative === null ? null : encodeCanonical(this.#negative),
    };
  }

  /** Rebuilds a histogram from its encoded form; throws with the reason when the parts disagree. */
  static decode(encoded: EncodedSignedHistogram): SignedHistogram {
    const positive = decodeChecked(encoded.positive);
    const negative = encoded.negative === null ? null : decodeChecked(encoded.negative);
    const histogram = new SignedHistogram(positive, negative);
    const negativeCount = negative === null ? 0 : negative.totalCount;
    if (negative !== null && negativeCount === 0) throw new Error('`negative` is present but empty');
    if (positive.totalCount + negativeCount !== encoded.count) {
      throw new Error(
        `count ${encoded.count} differs from the histograms' ${positive.totalCount + negativeCount} samples`,
      );
    }
    histogram.#count = encoded.count;
    histogram.#sum = encoded.sum;
    if (encoded.count > 0) {
      if (encoded.min === null || encoded.max === null)
        throw new Error('min and max are required when count > 0');
      const buckets = histogram.buckets();
      const first = buckets[0] as SignedBucket;
      const last = buckets[buckets.length - 1] as SignedBucket;
      if (encoded.min < first.lowest || encoded.min > first.highest) {
        throw new Error(
          `min ${encoded.min} is outside the lowest bucket [${first.lowest}, ${first.highest}]`,
        );
      }
      if (encoded.max < last.lowest || encoded.max > last.highest) {
        throw new Error(`max ${encoded.max} is outside the highest bucket [${last.lowest}, ${last.highest}]`);
      }
      histogram.#min = encoded.min;
      histogram.#max = encoded.max;
    }
    return histogram;
  }
}

function nonEmptyIndexes(histogram: JsHistogram): number[] {
  const indexes: number[] = [];
  if (histogram.totalCount === 0) return indexes;
  const length = histogram.countsArrayLength;
  for (let index = 0; index < length; index++) {
    if (histogram.getCountAtIndex(index) !== 0) indexes.push(index);
  }
  return indexes;
}
