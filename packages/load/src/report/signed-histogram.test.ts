import fc from 'fast-check';
import { build, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { countAtPercentile, createHdrHistogram, INITIAL_HIGHEST_TRACKABLE_VALUE } from './hdr.js';
import { SignedHistogram } from './signed-histogram.js';
import { percentileValue } from './statistics.js';

const reference = createHdrHistogram(); // bucket geometry only: equivalence ranges do not depend on counts

function histogramOf(values: readonly number[]): SignedHistogram {
  const histogram = new SignedHistogram();
  for (const value of values) histogram.record(value);
  return histogram;
}

/** The bucket edges HDR reports for one value, mirrored for negatives (see SIGN_SCHEME). */
function edges(value: number): { lowest: number; highest: number } {
  if (value >= 0) {
    return {
      lowest: reference.lowestEquivalentValue(value),
      highest: reference.highestEquivalentValue(value),
    };
  }
  return {
    lowest: -reference.highestEquivalentValue(-value),
    highest: -reference.lowestEquivalentValue(-value),
  };
}

const microseconds = fc.integer({ min: -120_000_000, max: 120_000_000 });
const samples = fc.array(microseconds, { minLength: 1, maxLength: 300 });
const percentiles = fc.oneof(
  fc.constantFrom(0, 50, 90, 99, 99.9, 99.99, 100),
  fc.double({ min: 0, max: 100, noNaN: true }),
);

describe('SignedHistogram', () => {
  it('keeps exact count, min, max and sum beside the buckets', () => {
    const histogram = histogramOf([-20_000, -5, 0, 3, 20_000, 123_456]);
    expect(histogram.count).toBe(6);
    expect(histogram.min).toBe(-20_000);
    expect(histogram.max).toBe(123_456);
    expect(histogram.sum).toBe(123_454);
    expect(histogram.hasNegative).toBe(true);
  });

  it('reports percentiles by bucket edge toward +infinity on both sides of zero', () => {
    const histogram = histogramOf([-20_000, -5, 0, 3, 20_000]);
    // 20000 µs shares a 16 µs bucket [20000, 20015]; below 2048 µs every µs has its own bucket.
    expect(histogram.valueAtPercentile(0)).toBe(-20_015);
    expect(histogram.valueAtPercentile(20)).toBe(-20_000);
    expect(histogram.valueAtPercentile(40)).toBe(-5);
    expect(histogram.valueAtPercentile(60)).toBe(0);
    expect(histogram.valueAtPercentile(80)).toBe(3);
    expect(histogram.valueAtPercentile(100)).toBe(20_015);
    // The report clamps to the exact extremes, which keeps an upper bound and makes p0/p100 exact.
    expect(percentileValue(histogram, 0)).toBe(-20_000);
    expect(percentileValue(histogram, 100)).toBe(20_000);
  });

  it('matches hdr-histogram-js getValueAtPercentile on non-negative data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(3_000_000_000), { minLength: 1, maxLength: 300 }),
        percentiles,
        (values, p) => {
          const library = build({
            numberOfSignificantValueDigits: 3,
            highestTrackableValue: INITIAL_HIGHEST_TRACKABLE_VALUE,
          });
          for (const value of values) library.recordValue(value);
          expect(histogramOf(values).valueAtPercentile(p)).toBe(library.getValueAtPercentile(p));
        },
      ),
    );
  });

  it('puts every signed percentile in the bucket of the sample of that rank (exact to HDR precision)', () => {
    fc.assert(
      fc.property(samples, percentiles, (values, p) => {
        const sorted = [...values].sort((left, right) => left - right);
        const exact = sorted[countAtPercentile(p, sorted.length) - 1] as number;
        const { lowest, highest } = edges(exact);
        const reported = histogramOf(values).valueAtPercentile(p);
        expect(reported).toBe(p === 0 ? lowest : highest);
        // 3 significant digits: the reported edge is within 0.1% of the true sample.
        expect(Math.abs(reported - exact)).toBeLessThanOrEqual(Math.abs(exact) / 1000);
      }),
      { numRuns: 300 },
    );
  });

  it('clamped percentiles stay upper bounds of the true value and never leave [min, max]', () => {
    fc.assert(
      fc.property(samples, fc.double({ min: 0.000001, max: 100, noNaN: true }), (values, p) => {
        const sorted = [...values].sort((left, right) => left - right);
        const exact = sorted[countAtPercentile(p, sorted.length) - 1] as number;
        const value = percentileValue(histogramOf(values), p);
        expect(value).toBeGreaterThanOrEqual(exact);
        expect(value).toBeLessThanOrEqual(sorted[sorted.length - 1] as number);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips through its encoded form with identical buckets and bytes', () => {
    fc.assert(
      fc.property(samples, (values) => {
        const histogram = histogramOf(values);
        const encoded = histogram.encode();
        const decoded = SignedHistogram.decode(encoded);
        expect(decoded.buckets()).toEqual(histogram.buckets());
        expect([decoded.count, decoded.min, decoded.max, decoded.sum]).toEqual([
          histogram.count,
          histogram.min,
          histogram.max,
          histogram.sum,
        ]);
        expect(decoded.encode()).toEqual(encoded);
      }),
      { numRuns: 200 },
    );
  });

  it('merges exactly: any grouping and order encodes to the bytes of recording everything at once', () => {
    // Values beyond the initial 1-hour range force resizes, which differ between recording and add().
    const value = fc.oneof(
      { weight: 9, arbitrary: microseconds },
      { weight: 1, arbitrary: fc.integer({ min: -(2 ** 43), max: 2 ** 43 }) },
    );
    const part = fc.array(value, { maxLength: 120 });
    fc.assert(
      fc.property(part, part, part, (a, b, c) => {
        const whole = histogramOf([...a, ...b, ...c]).encode();
        const leftFirst = histogramOf(a);
        leftFirst.add(histogramOf(b));
        leftFirst.add(histogramOf(c));
        const rightFirst = histogramOf(b);
        rightFirst.add(histogramOf(c));
        const rightGrouped = histogramOf(a);
        rightGrouped.add(rightFirst);
        const reordered = histogramOf(c);
        reordered.add(SignedHistogram.decode(histogramOf(a).encode()));
        reordered.add(histogramOf(b));
        expect(leftFirst.encode()).toEqual(whole);
        expect(rightGrouped.encode()).toEqual(whole);
        expect(reordered.encode()).toEqual(whole);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects encoded parts that disagree with each other', () => {
    const encoded = histogramOf([5, -7, 1_000]).encode();
    expect(() => SignedHistogram.decode({ ...encoded, count: 4 })).toThrow(/count 4 differs/);
    expect(() => SignedHistogram.decode({ ...encoded, max: 5_000 })).toThrow(/max 5000 is outside/);
    expect(() => SignedHistogram.decode({ ...encoded, min: -1 })).toThrow(/min -1 is outside/);
    const otherPrecision = build({ numberOfSignificantValueDigits: 2 });
    otherPrecision.recordValue(5);
    expect(() =>
      SignedHistogram.decode({
        ...encoded,
        negative: null,
        count: 1,
        min: 5,
        max: 5,
        sum: 5,
        positive: encodeIntoCompressedBase64(otherPrecision),
      }),
    ).toThrow(/2 significant digits/);
  });
});
