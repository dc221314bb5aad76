import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LatencySpec } from './latency-spec.js';
import { tailCount } from './program.js';
import { evaluateLatencyProgram, interpolateSpec } from './program-evaluate.js';
import { parseLatencyProgram } from './program-parse.js';

const CAP_MS = 600_000;

/** Evaluates `text` once per program time in `timesMs`, with fresh counters, as a server would over its run. */
function valuesAt(text: string, timesMs: readonly number[]): LatencySpec[] {
  const program = parseLatencyProgram(text, 'X-TTFT-MS', CAP_MS);
  const counters = new Float64Array(tailCount(program));
  return timesMs.map((timeMs) => evaluateLatencyProgram(program, timeMs, counters));
}

const fixedMs = (spec: LatencySpec): number => (spec.kind === 'fixed' ? spec.ms : Number.NaN);

describe('evaluateLatencyProgram over program time', () => {
  it('steps at exactly `at`', () => {
    expect(valuesAt('step(200,800,at=60s)', [-5, 0, 59_999.999, 60_000, 3_600_000]).map(fixedMs)).toEqual([
      200, 200, 200, 800, 800,
    ]);
  });

  it('ramps linearly from `at` over `over`, then holds', () => {
    expect(
      valuesAt('ramp(100,300,at=10s,over=20s)', [0, 10_000, 15_000, 20_000, 29_999, 30_000, 90_000]).map(
        fixedMs,
      ),
    ).toEqual([100, 100, 150, 200, 299.99, 300, 300]);
  });

  it('ramps every parameter of a distribution', () => {
    expect(
      valuesAt('ramp(lognormal(p50=100,p99=400),lognormal(p50=200,p99=1000),over=1m)', [30_000]),
    ).toEqual([{ kind: 'lognormal', p50Ms: 150, p99Ms: 700 }]);
  });

  it('holds a square wave at low, then high for the last `duty` of each period', () => {
    const timesMs = [0, 53_999, 54_000, 59_999, 60_000, 113_999, 114_000];
    expect(valuesAt('square(50,500,period=1m,duty=0.1)', timesMs).map(fixedMs)).toEqual([
      50, 50, 500, 500, 50, 50, 500,
    ]);
    expect(valuesAt('square(50,500,period=1m)', [0, 29_999, 30_000, 60_000]).map(fixedMs)).toEqual([
      50, 50, 500, 50,
    ]);
    expect(valuesAt('square(50,500,period=1m,duty=0)', [0, 59_999]).map(fixedMs)).toEqual([50, 50]);
    expect(valuesAt('square(50,500,period=1m,duty=1)', [0, 59_999]).map(fixedMs)).toEqual([500, 500]);
  });

  it('follows a sine from low through high and back within one period', () => {
    expect(
      valuesAt('sine(100,300,period=40s)', [0, 10_000, 20_000, 30_000, 40_000, 50_000]).map(fixedMs),
    ).toEqual([100, 200, 300, 200, 100, 200]);
  });

  it('nests programs: a tail that starts after a step', () => {
    const values = valuesAt(
      'step(10,tail(10,every=3,value=999),at=1s)',
      [0, 0, 0, 1000, 1000, 1000, 1000, 1000, 1000],
    );
    // Requests before the step never reach the tail, so it counts from the first request after it.
    expect(values.map(fixedMs)).toEqual([10, 10, 10, 10, 10, 999, 10, 10, 999]);
  });
});

describe('tail', () => {
  it('gives exactly one request in every `every` the tail value, the every-th of each window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 500 }), (every, requests) => {
        const values = valuesAt(`tail(1,every=${every},value=2)`, new Array(requests).fill(0)).map(fixedMs);
        expect(values.filter((value) => value === 2)).toHaveLength(Math.floor(requests / every));
        values.forEach((value, index) => {
          expect(value).toBe((index + 1) % every === 0 ? 2 : 1);
        });
      }),
    );
  });

  it('keeps one counter per tail node', () => {
    const program = parseLatencyProgram('tail(tail(1,every=2,value=2),every=3,value=3)', 'X-ITL-MS', CAP_MS);
    const counters = new Float64Array(tailCount(program));
    const values = Array.from({ length: 6 }, () => fixedMs(evaluateLatencyProgram(program, 0, counters)));
    // The outer tail takes requests 3 and 6; the inner one sees requests 1, 2, 4, 5 and takes its 2nd and 4th.
    expect(values).toEqual([1, 2, 3, 1, 2, 3]);
    expect([...counters]).toEqual([6, 4]);
  });
});

describe('interpolateSpec', () => {
  it('keeps min ≤ max and p50 ≤ p99 between two valid ends', () => {
    const bounds = fc.tuple(fc.integer({ min: 0, max: CAP_MS }), fc.integer({ min: 0, max: CAP_MS }));
    fc.assert(
      fc.property(bounds, bounds, fc.double({ min: 0, max: 1, noNaN: true }), ([a, b], [c, d], weight) => {
        const uniform = interpolateSpec(
          { kind: 'uniform', minMs: Math.min(a, b), maxMs: Math.max(a, b) },
          { kind: 'uniform', minMs: Math.min(c, d), maxMs: Math.max(c, d) },
          weight,
        );
        expect(uniform.kind === 'uniform' && uniform.minMs <= uniform.maxMs).toBe(true);
        const lognormal = interpolateSpec(
          { kind: 'lognormal', p50Ms: Math.min(a, b) + 1, p99Ms: Math.max(a, b) + 1 },
          { kind: 'lognormal', p50Ms: Math.min(c, d) + 1, p99Ms: Math.max(c, d) + 1 },
          weight,
        );
        expect(lognormal.kind === 'lognormal' && lognormal.p50Ms <= lognormal.p99Ms).toBe(true);
      }),
    );
  });

  it('refuses ends of different kinds', () => {
    expect(() =>
      interpolateSpec({ kind: 'fixed', ms: 1 }, { kind: 'uniform', minMs: 1, maxMs: 2 }, 0.5),
    ).toThrow(TypeError);
  });
});
