import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalCopy } from './hdr.js';
import { formatHgrm } from './hgrm.js';
import { percentileDistribution } from './percentile-distribution.js';
import { SignedHistogram } from './signed-histogram.js';

function histogramOf(values: readonly number[]): SignedHistogram {
  const histogram = new SignedHistogram();
  for (const value of values) histogram.record(value);
  return histogram;
}

describe('formatHgrm', () => {
  it('prints exactly what hdr-histogram-js prints for non-negative data', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { weight: 19, arbitrary: fc.nat(2_000_000_000) },
            { weight: 1, arbitrary: fc.nat(2 ** 40) },
          ),
          { minLength: 1, maxLength: 400 },
        ),
        fc.constantFrom(1, 1000),
        fc.integer({ min: 1, max: 10 }),
        (values, scalingRatio, ticks) => {
          const histogram = histogramOf(values);
          const library = canonicalCopy(histogram.positive).outputPercentileDistribution(ticks, scalingRatio);
          expect(formatHgrm(histogram, scalingRatio, ticks)).toBe(library);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('walks negative values from the largest magnitude up, in the same format', () => {
    const text = formatHgrm(histogramOf([-20_000, -1_500, -5, 0, 3, 20_000]), 1000, 1);
    expect(text).toBe(
      [
        '       Value     Percentile TotalCount 1/(1-Percentile)',
        '',
        // Ranks: ceil(50% × 6) = 3 is -5 µs, ceil(75% × 6) = 5 is 3 µs; 20000 µs sits in [20000, 20015].
        '     -20.000 0.000000000000          1           1.00',
        '      -0.005 0.500000000000          3           2.00',
        '       0.003 0.750000000000          5           4.00',
        '      20.015 0.875000000000          6           8.00',
        '      20.015 1.000000000000          6',
        // Bucket medians: (-20008 - 1500 - 5 + 0 + 3 + 20008) / 6 = -250.33 µs.
        '#[Mean    =       -0.250, StdDeviation   =       11.565]',
        '#[Max     =       20.015, Total count    =            6]',
        '#[Buckets =           22, SubBuckets     =         2048]',
        '',
      ].join('\n'),
    );
  });

  it('ends every distribution at 100% with the total count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5_000_000, max: 5_000_000 }), { minLength: 1, maxLength: 200 }),
        (values) => {
          const points = percentileDistribution(histogramOf(values));
          const last = points[points.length - 1];
          expect(last?.percentile).toBe(100);
          expect(last?.totalCount).toBe(values.length);
          for (let index = 1; index < points.length; index++) {
            expect((points[index] as { value: number }).value).toBeGreaterThanOrEqual(
              (points[index - 1] as { value: number }).value,
            );
          }
        },
      ),
    );
  });
});
