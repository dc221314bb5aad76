import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LatencySpec } from './latency-spec.js';
import { formatLatencySpec, parseLatencySpec } from './parse-latency.js';
import { TimingParseError } from './timing-parse-error.js';

const CAP_MS = 600_000;

describe('parseLatencySpec accepts', () => {
  const accepted: [string, LatencySpec][] = [
    ['120', { kind: 'fixed', ms: 120 }],
    ['120.5', { kind: 'fixed', ms: 120.5 }],
    ['0', { kind: 'fixed', ms: 0 }],
    ['-0', { kind: 'fixed', ms: 0 }],
    ['.5', { kind: 'fixed', ms: 0.5 }],
    ['1e3', { kind: 'fixed', ms: 1000 }],
    ['  75  ', { kind: 'fixed', ms: 75 }],
    ['600000', { kind: 'fixed', ms: 600_000 }],
    ['fixed(120)', { kind: 'fixed', ms: 120 }],
    ['FIXED( ms = 120 )', { kind: 'fixed', ms: 120 }],
    ['uniform(min=10,max=30)', { kind: 'uniform', minMs: 10, maxMs: 30 }],
    [' Uniform ( max = 30 , min = 10 ) ', { kind: 'uniform', minMs: 10, maxMs: 30 }],
    ['uniform(min=5,max=5)', { kind: 'uniform', minMs: 5, maxMs: 5 }],
    ['normal(mean=100,sd=10)', { kind: 'normal', meanMs: 100, stdDevMs: 10 }],
    ['normal(mean=100,stddev=0)', { kind: 'normal', meanMs: 100, stdDevMs: 0 }],
    ['lognormal(p50=200,p99=800)', { kind: 'lognormal', p50Ms: 200, p99Ms: 800 }],
    ['LogNormal(P99=800, P50=200)', { kind: 'lognormal', p50Ms: 200, p99Ms: 800 }],
    ['lognormal(p50=200,p99=200)', { kind: 'lognormal', p50Ms: 200, p99Ms: 200 }],
  ];
  it.each(accepted)('%j', (text, expected) => {
    expect(parseLatencySpec(text, 'X-TTFT-MS', CAP_MS)).toStrictEqual(expected);
  });
});

describe('parseLatencySpec rejects', () => {
  const rejected: [text: string, reason: string][] = [
    ['abc', 'is not a number of milliseconds or a distribution such as lognormal(p50=200,p99=800).'],
    ['', 'is not a number of milliseconds or a distribution such as lognormal(p50=200,p99=800).'],
    ['NaN', 'is not a number of milliseconds or a distribution such as lognormal(p50=200,p99=800).'],
    ['Infinity', 'is not a number of milliseconds or a distribution such as lognormal(p50=200,p99=800).'],
    ['0x10', 'is not a number of milliseconds or a distribution such as lognormal(p50=200,p99=800).'],
    ['120ms', 'is not a number of milliseconds or a distribution such as lognormal(p50=200,p99=800).'],
    [
      'uniform(min=1,max=2',
      'is not a number of milliseconds or a distribution such as lognormal(p50=200,p99=800).',
    ],
    ['-5', 'is negative; latencies are zero or more milliseconds.'],
    ['1e999', 'is not a finite number of milliseconds.'],
    ['600000.001', 'is above the cap of 600000 ms.'],
    [
      'gamma(k=2)',
      'names no known distribution; use a number of milliseconds, fixed(ms), uniform(min=,max=), normal(mean=,sd=) or lognormal(p50=,p99=).',
    ],
    ['uniform(min=10)', 'lacks max; uniform takes min and max.'],
    ['uniform()', 'lacks min; uniform takes min and max.'],
    ['fixed()', 'lacks ms; fixed takes ms.'],
    ['uniform(10,30)', "has a malformed parameter '10'; uniform takes min and max."],
    ['uniform(min=1,max=2,)', "has a malformed parameter ''; uniform takes min and max."],
    ['uniform(min=1,max=2,mode=1)', "has an unknown parameter 'mode'; uniform takes min and max."],
    ['normal(mean=1,sd=2,stddev=3)', 'sets stddev twice.'],
    ['uniform(min=abc,max=2)', "has min='abc', which is not a number of milliseconds."],
    ['uniform(min=-1,max=2)', 'has a negative min; latencies are zero or more.'],
    ['normal(mean=1e999,sd=1)', 'has mean=1e999, not finite.'],
    ['uniform(min=30,max=10)', 'has min above max.'],
    ['uniform(min=10,max=700000)', 'has max=700000, above the cap of 600000 ms.'],
    ['normal(mean=100,sd=600001)', 'has sd=600001, above the cap of 600000 ms.'],
    ['lognormal(p50=800,p99=200)', 'has p99 below p50.'],
    ['lognormal(p50=0,p99=200)', 'has p50=0; a lognormal median must be above 0 ms.'],
    ['lognormal(p50=200,p99=700000)', 'has p99=700000, above the cap of 600000 ms.'],
  ];
  it.each(rejected)('%j', (text, reason) => {
    const error = catchError(() => parseLatencySpec(text, 'X-TTFT-MS', CAP_MS));
    expect(error).toBeInstanceOf(TimingParseError);
    expect(error).toMatchObject({
      code: 'invalid_timing_value',
      param: 'X-TTFT-MS',
      name: 'TimingParseError',
    });
    expect(error.message).toBe(`Invalid X-TTFT-MS header: '${text}' ${reason}`);
  });

  it('names a config key without calling it a header, and shortens long text', () => {
    const long = 'x'.repeat(500);
    const error = catchError(() => parseLatencySpec(long, 'defaults.itlMs', CAP_MS));
    expect(error.message).toBe(
      `Invalid defaults.itlMs: '${'x'.repeat(80)}…' is not a number of milliseconds or a distribution such as lognormal(p50=200,p99=800).`,
    );
    expect((error as TimingParseError).param).toBe('defaults.itlMs');
  });

  it('makes control characters in the quoted text visible', () => {
    const error = catchError(() => parseLatencySpec('1\n2', 'X-ITL-MS', CAP_MS));
    expect(error.message).toBe(
      "Invalid X-ITL-MS header: '1\\n2' is not a number of milliseconds or a distribution such as lognormal(p50=200,p99=800).",
    );
  });

  it('refuses a negative or NaN cap as a programming error', () => {
    expect(() => parseLatencySpec('1', 'X-ITL-MS', -1)).toThrow(RangeError);
    expect(() => parseLatencySpec('1', 'X-ITL-MS', Number.NaN)).toThrow(RangeError);
  });
});

function catchError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}

const milliseconds = fc.double({ min: 0, max: CAP_MS, noNaN: true });
const specArbitrary: fc.Arbitrary<LatencySpec> = fc.oneof(
  milliseconds.map((ms) => ({ kind: 'fixed' as const, ms })),
  fc
    .tuple(milliseconds, milliseconds)
    .map(([a, b]) => ({ kind: 'uniform' as const, minMs: Math.min(a, b), maxMs: Math.max(a, b) })),
  fc
    .tuple(milliseconds, milliseconds)
    .map(([meanMs, stdDevMs]) => ({ kind: 'normal' as const, meanMs, stdDevMs })),
  fc
    .double({ min: Number.MIN_VALUE, max: CAP_MS, noNaN: true })
    .chain((p50Ms) =>
      fc
        .double({ min: p50Ms, max: CAP_MS, noNaN: true })
        .map((p99Ms) => ({ kind: 'lognormal' as const, p50Ms, p99Ms })),
    ),
);

describe('formatLatencySpec', () => {
  it('prints the canonical forms', () => {
    expect(formatLatencySpec({ kind: 'fixed', ms: 120 })).toBe('120');
    expect(formatLatencySpec({ kind: 'uniform', minMs: 10, maxMs: 30.5 })).toBe('uniform(min=10,max=30.5)');
    expect(formatLatencySpec({ kind: 'normal', meanMs: 100, stdDevMs: 10 })).toBe('normal(mean=100,sd=10)');
    expect(formatLatencySpec({ kind: 'lognormal', p50Ms: 200, p99Ms: 800 })).toBe(
      'lognormal(p50=200,p99=800)',
    );
    expect(formatLatencySpec({ kind: 'fixed', ms: 1e-7 })).toBe('1e-7');
  });

  it('round-trips every valid spec through parseLatencySpec exactly', () => {
    fc.assert(
      fc.property(specArbitrary, (spec) => {
        const normalized = JSON.parse(JSON.stringify(spec)) as LatencySpec; // -0 → 0
        expect(parseLatencySpec(formatLatencySpec(spec), 'X-ITL-MS', CAP_MS)).toStrictEqual(normalized);
      }),
      { numRuns: 2000 },
    );
  });
});
