import fc from 'fast-check';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FINE_ITL_BUCKETS_S, FINE_TTFT_BUCKETS_S, fineBuckets } from './buckets.js';
import { CounterFamily, GaugeFamily, HistogramCell, HistogramFamily } from './metric-family.js';

describe('HistogramCell', () => {
  it('counts a value in the first bucket whose bound is at or above it, as Prometheus’ le means', () => {
    const cell = new HistogramCell([0.1, 0.25, 0.5]);
    for (const value of [0, 0.1, 0.1000001, 0.25, 0.3, 0.5, 0.50001, 7]) cell.observe(value);
    cell.observeMany(0.2, 3);
    expect([...cell.counts]).toEqual([2, 5, 2, 2]);
    expect(cell.count).toBe(11);
    expect(cell.sum).toBeCloseTo(0.1 + 0.1000001 + 0.25 + 0.3 + 0.5 + 0.50001 + 7 + 0.6, 12);
  });

  it('agrees with a linear scan for any value and any bounds', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: -1, max: 2000, noNaN: true }),
        (rawBounds, value) => {
          const bounds = [...rawBounds].sort((a, b) => a - b);
          const cell = new HistogramCell(bounds);
          cell.observe(value);
          const expected = bounds.findIndex((bound) => value <= bound);
          expect(cell.counts[expected === -1 ? bounds.length : expected]).toBe(1);
        },
      ),
    );
  });

  it('ignores NaN and non-positive repeat counts', () => {
    const cell = new HistogramCell([1]);
    cell.observe(Number.NaN);
    cell.observeMany(0.5, 0);
    expect(cell.count).toBe(0);
  });
});

describe('fine buckets', () => {
  it('grow by 2^(1/8) within rounding, strictly, from 1 ms and 0.1 ms over 20 doublings', () => {
    for (const buckets of [FINE_TTFT_BUCKETS_S, FINE_ITL_BUCKETS_S]) {
      expect(buckets).toHaveLength(161);
      for (let index = 1; index < buckets.length; index++) {
        const ratio = (buckets[index] as number) / (buckets[index - 1] as number);
        expect(ratio).toBeGreaterThan(1.089);
        expect(ratio).toBeLessThan(1.092);
      }
    }
    expect(FINE_TTFT_BUCKETS_S[0]).toBe(0.001);
    expect(FINE_TTFT_BUCKETS_S.at(-1)).toBe(1049);
    expect(FINE_ITL_BUCKETS_S.at(8)).toBe(0.0002);
    expect(fineBuckets(10, 1)).toEqual([10, 10.91, 11.89, 12.97, 14.14, 15.42, 16.82, 18.34, 20]);
  });
});

describe('metric families in a prom-client registry', () => {
  it('render as prom-client renders its own metrics', async () => {
    const registry = new Registry();
    const histogram = new HistogramFamily({
      name: 'demo_seconds',
      help: 'A demo.',
      labelNames: ['model_name'],
      buckets: [0.1, 1],
    }).registerIn(registry);
    const counter = new CounterFamily({
      name: 'demo_total',
      help: 'Counted.',
      labelNames: ['a', 'b'],
    }).registerIn(registry);
    const gauge = new GaugeFamily({
      name: 'demo_level',
      help: 'Collected.',
      labelNames: [],
      collect: () => gauge.cell().set(42),
    }).registerIn(registry);
    histogram.cell('m"1').observe(0.5);
    counter.cell('x', 'y').inc(2);
    expect(await registry.metrics()).toBe(
      [
        '# HELP demo_seconds A demo.',
        '# TYPE demo_seconds histogram',
        'demo_seconds_bucket{model_name="m\\"1",le="0.1"} 0',
        'demo_seconds_bucket{model_name="m\\"1",le="1"} 1',
        'demo_seconds_bucket{model_name="m\\"1",le="+Inf"} 1',
        'demo_seconds_sum{model_name="m\\"1"} 0.5',
        'demo_seconds_count{model_name="m\\"1"} 1',
        '',
        '# HELP demo_total Counted.',
        '# TYPE demo_total counter',
        'demo_total{a="x",b="y"} 2',
        '',
        '# HELP demo_level Collected.',
        '# TYPE demo_level gauge',
        'demo_level 42',
        '',
      ].join('\n'),
    );
  });

  it('refuses label values that do not match its label names, and bounds that do not ascend', () => {
    const counter = new CounterFamily({ name: 'c_total', help: 'c', labelNames: ['a'] });
    expect(() => counter.cell()).toThrow(RangeError);
    expect(() => new HistogramFamily({ name: 'h', help: 'h', labelNames: [], buckets: [1, 1] })).toThrow(
      RangeError,
    );
  });
});
