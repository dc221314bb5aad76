import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LatencySpec } from './latency-spec.js';
import { Z_0_99 } from './latency-spec.js';
import { normalQuantile } from './normal-quantile.js';
import { createRng } from './rng.js';
import { sampleLatency } from './sample-latency.js';

const CAP_MS = 600_000;

function sortedDraws(spec: LatencySpec, count: number, seed: number, capMs = CAP_MS): Float64Array {
  const rng = createRng(seed);
  const draws = new Float64Array(count);
  for (let index = 0; index < count; index++) draws[index] = sampleLatency(spec, rng, capMs);
  return draws.sort();
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.ceil(fraction * sorted.length) - 1] ?? Number.NaN;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

describe('normalQuantile', () => {
  it("matches the standard normal quantiles within Acklam's relative error of 1.15e-9", () => {
    const relativeError = (actual: number, expected: number) => Math.abs(actual / expected - 1);
    expect(normalQuantile(0.5)).toBe(0);
    expect(relativeError(normalQuantile(0.99), Z_0_99)).toBeLessThan(1.15e-9);
    expect(relativeError(normalQuantile(0.01), -Z_0_99)).toBeLessThan(1.15e-9);
    expect(relativeError(normalQuantile(0.975), 1.959963984540054)).toBeLessThan(1.15e-9);
    expect(relativeError(normalQuantile(0.8413447460685429), 1)).toBeLessThan(1.15e-9);
    expect(relativeError(normalQuantile(1e-10), -6.361340902404056)).toBeLessThan(1.15e-9);
  });

  it('is strictly increasing', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-300, max: 1 - 1e-16, noNaN: true }),
        fc.double({ min: 1e-12, max: 0.5 }),
        (p, step) => {
          const q = p + step;
          fc.pre(q < 1);
          expect(normalQuantile(q)).toBeGreaterThan(normalQuantile(p));
        },
      ),
    );
  });

  it('rejects p outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('sampleLatency', () => {
  it('returns fixed values as given and draws nothing for them', () => {
    let calls = 0;
    const rng = () => {
      calls++;
      return 0.5;
    };
    expect(sampleLatency({ kind: 'fixed', ms: 123.4567891 }, rng, CAP_MS)).toBe(123.4567891);
    expect(calls).toBe(0);
  });

  it('consumes exactly one uniform per distribution draw and maps it through the quantile', () => {
    const halfway = () => 0.5;
    expect(sampleLatency({ kind: 'uniform', minMs: 10, maxMs: 30 }, halfway, CAP_MS)).toBe(20);
    expect(sampleLatency({ kind: 'normal', meanMs: 100, stdDevMs: 10 }, halfway, CAP_MS)).toBe(100);
    expect(sampleLatency({ kind: 'lognormal', p50Ms: 200, p99Ms: 800 }, halfway, CAP_MS)).toBe(200);
    // The 99th percentile of the uniform lands on p99 (to a microsecond).
    expect(sampleLatency({ kind: 'lognormal', p50Ms: 200, p99Ms: 800 }, () => 0.99, CAP_MS)).toBe(800);
  });

  it('rounds distribution draws to whole microseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (word) => {
        const value = sampleLatency({ kind: 'uniform', minMs: 0, maxMs: 1000 }, () => word / 2 ** 32, CAP_MS);
        expect(Math.round(value * 1000) / 1000).toBe(value);
      }),
    );
  });

  it('clamps to [0, cap]: never negative, never above the cap', () => {
    expect(sampleLatency({ kind: 'normal', meanMs: 0, stdDevMs: 100 }, () => 0.01, CAP_MS)).toBe(0);
    expect(sampleLatency({ kind: 'normal', meanMs: 900, stdDevMs: 100 }, () => 0.99, 1000)).toBe(1000);
    expect(sampleLatency({ kind: 'fixed', ms: 2000 }, () => 0.5, 1000)).toBe(1000);
    expect(
      sampleLatency({ kind: 'lognormal', p50Ms: 500, p99Ms: 1000 }, () => 0, 1000),
    ).toBeGreaterThanOrEqual(0);
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = createRng(seed);
        for (let index = 0; index < 50; index++) {
          const value = sampleLatency({ kind: 'normal', meanMs: 50, stdDevMs: 100 }, rng, 200);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(200);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('hits lognormal(p50=200,p99=800) percentiles within 2% over 200k seeded draws', () => {
    const draws = sortedDraws({ kind: 'lognormal', p50Ms: 200, p99Ms: 800 }, 200_000, 2024);
    expect(Math.abs(percentile(draws, 0.5) / 200 - 1)).toBeLessThan(0.02);
    expect(Math.abs(percentile(draws, 0.99) / 800 - 1)).toBeLessThan(0.02);
    // Median of a lognormal is exp(mu), its mean exp(mu + sigma²/2).
    const sigma = Math.log(4) / Z_0_99;
    expect(Math.abs(mean(draws) / (200 * Math.exp((sigma * sigma) / 2)) - 1)).toBeLessThan(0.02);
  });

  it('hits normal(mean=100,sd=10) moments and uniform bounds', () => {
    const normal = sortedDraws({ kind: 'normal', meanMs: 100, stdDevMs: 10 }, 100_000, 7);
    expect(mean(normal)).toBeCloseTo(100, 0);
    expect(Math.abs(percentile(normal, 0.99) - (100 + 10 * Z_0_99))).toBeLessThan(0.5);
    const uniform = sortedDraws({ kind: 'uniform', minMs: 10, maxMs: 30 }, 100_000, 8);
    expect(uniform[0]).toBeGreaterThanOrEqual(10);
    expect(uniform[uniform.length - 1]).toBeLessThanOrEqual(30);
    expect(Math.abs(percentile(uniform, 0.5) - 20)).toBeLessThan(0.2);
  });

  it('is a pure function of the seed', () => {
    const spec: LatencySpec = { kind: 'lognormal', p50Ms: 200, p99Ms: 800 };
    expect(sortedDraws(spec, 100, 99)).toEqual(sortedDraws(spec, 100, 99));
    const rng = createRng(42);
    expect([sampleLatency(spec, rng, CAP_MS), sampleLatency(spec, rng, CAP_MS)]).toEqual([
      sampleLatency(spec, () => 0.6373588335700333, CAP_MS),
      sampleLatency(spec, () => 0.20989843574352562, CAP_MS),
    ]);
  });
});
