/** Values below this are counted exactly (1 µs buckets). */
const LINEAR_LIMIT = 64;
/** Buckets per power of two above the linear range: a relative error below 1/32. */
const SUB_BUCKETS = 32;
/** Largest recorded value, about 35 minutes in µs; later values are clamped to it. */
const MAX_VALUE = 2 ** 31 - 1;
const BUCKET_COUNT = LINEAR_LIMIT + (31 - 6) * SUB_BUCKETS;

export interface LatenessSummary {
  count: number;
  meanUs: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

/**
 * A histogram in a form that crosses process boundaries (JSON, IPC): only the buckets that hold values, as
 * `[bucket, count]` pairs. Histograms of several workers merge exactly, bucket by bucket.
 */
export interface LatenessSnapshot {
  buckets: [bucket: number, count: number][];
  count: number;
  sumUs: number;
  maxUs: number;
}

function bucketOf(value: number): number {
  if (value < LINEAR_LIMIT) return value;
  const magnitude = 31 - Math.clz32(value);
  const shift = magnitude - 5;
  return LINEAR_LIMIT + (magnitude - 6) * SUB_BUCKETS + ((value >>> shift) - SUB_BUCKETS);
}

/** Highest value that falls into `bucket`: percentiles are reported conservatively. */
function bucketUpperValue(bucket: number): number {
  if (bucket < LINEAR_LIMIT) return bucket;
  const offset = bucket - LINEAR_LIMIT;
  const shift = Math.floor(offset / SUB_BUCKETS) + 1;
  const lower = ((offset % SUB_BUCKETS) + SUB_BUCKETS) * 2 ** shift;
  return lower + 2 ** shift - 1;
}

/**
 * Log-linear histogram of token lateness in whole microseconds. Recording is O(1) without allocation, so
 * the scheduler can record every token; a later benchmark reads the summary through the stats route.
 */
export class LatenessHistogram {
  readonly #counts = new Float64Array(BUCKET_COUNT);
  #count = 0;
  #sumUs = 0;
  #maxUs = 0;

  record(latenessUs: number): void {
    const value = latenessUs <= 0 ? 0 : Math.min(Math.round(latenessUs), MAX_VALUE);
    const bucket = bucketOf(value);
    this.#counts[bucket] = (this.#counts[bucket] ?? 0) + 1;
    this.#count += 1;
    this.#sumUs += value;
    if (value > this.#maxUs) this.#maxUs = value;
  }

  get count(): number {
    return this.#count;
  }

  /** The value at or below which `fraction` of the recorded values lie (upper edge of its bucket, ≤ max). */
  valueAt(fraction: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil(fraction * this.#count));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
      seen += this.#counts[bucket] as number;
      if (seen >= rank) return Math.min(bucketUpperValue(bucket), this.#maxUs);
    }
    return this.#maxUs;
  }

  summary(): LatenessSummary {
    return {
      count: this.#count,
      meanUs: this.#count === 0 ? 0 : this.#sumUs / this.#count,
      p50Us: this.valueAt(0.5),
      p90Us: this.valueAt(0.9),
      p99Us: this.valueAt(0.99),
      p999Us: this.valueAt(0.999),
      maxUs: this.#maxUs,
    };
  }

  snapshot(): LatenessSnapshot {
    const buckets: [number, number][] = [];
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
      const count = this.#counts[bucket] as number;
      if (count > 0) buckets.push([bucket, count]);
    }
    return { buckets, count: this.#count, sumUs: this.#sumUs, maxUs: this.#maxUs };
  }

  /** Adds every value of `snapshot` (e.g. another worker's histogram); buckets out of range are ignored. */
  merge(snapshot: LatenessSnapshot): void {
    for (const [bucket, count] of snapshot.buckets) {
      if (!Number.isInteger(bucket) || bucket < 0 || bucket >= BUCKET_COUNT || !(count > 0)) continue;
      this.#counts[bucket] = (this.#counts[bucket] as number) + count;
    }
    this.#count += snapshot.count;
    this.#sumUs += snapshot.sumUs;
    if (snapshot.maxUs > this.#maxUs) this.#maxUs = snapshot.maxUs;
  }

  reset(): void {
    this.#counts.fill(0);
    this.#count = 0;
    this.#sumUs = 0;
    this.#maxUs = 0;
  }
}
