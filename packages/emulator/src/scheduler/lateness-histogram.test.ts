import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatenessHistogram } from './lateness-histogram.js';

describe('LatenessHistogram', () => {
  it('counts small values exactly and reports exact percentiles for them', () => {
    const histogram = new LatenessHistogram();
    for (let value = 1; value <= 50; value++) histogram.record(value);
    expect(histogram.summary()).toEqual({
      count: 50,
      meanUs: 25.5,
      p50Us: 25,
      p90Us: 45,
      p99Us: 50,
      p999Us: 50,
      maxUs: 50,
    });
  });

  it('clamps negative lateness (a timer that fired exactly on time) to zero', () => {
    const histogram = new LatenessHistogram();
    histogram.record(-3);
    expect(histogram.summary()).toMatchObject({ count: 1, maxUs: 0, p99Us: 0 });
  });

  it('reports each percentile within 1/32 above the true value and never above the maximum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50_000_000 }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.9, 0.99, 0.999),
        (values, fraction) => {
          const histogram = new LatenessHistogram();
          for (const value of values) histogram.record(value);
          const sorted = [...values].sort((a, b) => a - b);
          const exact = sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] as number;
          const reported = histogram.valueAt(fraction);
          expect(reported).toBeGreaterThanOrEqual(exact);
          expect(reported).toBeLessThanOrEqual(Math.max(exact, exact + exact / 32 + 1));
          expect(reported).toBeLessThanOrEqual(sorted.at(-1) as number);
        },
      ),
    );
  });

  it('starts over after reset', () => {
    const histogram = new LatenessHistogram();
    histogram.record(1_000);
    histogram.reset();
    expect(histogram.summary()).toEqual({
      count: 0,
      meanUs: 0,
      p50Us: 0,
      p90Us: 0,
      p99Us: 0,
      p999Us: 0,
      maxUs: 0,
    });
  });
});
