import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LatencySpec } from './latency-spec.js';
import type { LatencyProgram } from './program.js';
import { formatDuration, formatLatencyProgram } from './program-format.js';
import { parseLatencyProgram } from './program-parse.js';
import { TimingParseError } from './timing-parse-error.js';

const CAP_MS = 600_000;
const parse = (text: string): LatencyProgram => parseLatencyProgram(text, 'X-TTFT-MS', CAP_MS);

describe('parseLatencyProgram accepts', () => {
  const accepted: [string, LatencyProgram][] = [
    ['120', { kind: 'fixed', ms: 120 }],
    ['lognormal(p50=200,p99=800)', { kind: 'lognormal', p50Ms: 200, p99Ms: 800 }],
    [
      'step(200,800,at=60s)',
      { kind: 'step', before: { kind: 'fixed', ms: 200 }, after: { kind: 'fixed', ms: 800 }, atMs: 60_000 },
    ],
    [
      ' STEP ( 200 , lognormal( p50=400 , p99=1600 ) , AT = 1.5m ) ',
      {
        kind: 'step',
        before: { kind: 'fixed', ms: 200 },
        after: { kind: 'lognormal', p50Ms: 400, p99Ms: 1600 },
        atMs: 90_000,
      },
    ],
    [
      'ramp(100,300,over=5m)',
      {
        kind: 'ramp',
        from: { kind: 'fixed', ms: 100 },
        to: { kind: 'fixed', ms: 300 },
        atMs: 0,
        overMs: 300_000,
      },
    ],
    [
      'ramp(uniform(min=1,max=2),uniform(min=3,max=4),at=500ms,over=.5s)',
      {
        kind: 'ramp',
        from: { kind: 'uniform', minMs: 1, maxMs: 2 },
        to: { kind: 'uniform', minMs: 3, maxMs: 4 },
        atMs: 500,
        overMs: 500,
      },
    ],
    [
      'square(50,500,period=10m,duty=0.1)',
      {
        kind: 'square',
        low: { kind: 'fixed', ms: 50 },
        high: { kind: 'fixed', ms: 500 },
        periodMs: 600_000,
        duty: 0.1,
      },
    ],
    [
      'square(50,500,period=1h)',
      {
        kind: 'square',
        low: { kind: 'fixed', ms: 50 },
        high: { kind: 'fixed', ms: 500 },
        periodMs: 3_600_000,
        duty: 0.5,
      },
    ],
    [
      'sine(10,20,period=30s)',
      { kind: 'sine', low: { kind: 'fixed', ms: 10 }, high: { kind: 'fixed', ms: 20 }, periodMs: 30_000 },
    ],
    [
      'tail(lognormal(p50=200,p99=800),every=100,value=5000)',
      {
        kind: 'tail',
        base: { kind: 'lognormal', p50Ms: 200, p99Ms: 800 },
        tail: { kind: 'fixed', ms: 5000 },
        every: 100,
        counter: 0,
      },
    ],
    [
      'step(tail(1,every=2,value=3),tail(4,every=5,value=tail(6,every=7,value=8)),at=1s)',
      {
        kind: 'step',
        before: {
          kind: 'tail',
          base: { kind: 'fixed', ms: 1 },
          tail: { kind: 'fixed', ms: 3 },
          every: 2,
          counter: 0,
        },
        after: {
          kind: 'tail',
          base: { kind: 'fixed', ms: 4 },
          tail: {
            kind: 'tail',
            base: { kind: 'fixed', ms: 6 },
            tail: { kind: 'fixed', ms: 8 },
            every: 7,
            counter: 2,
          },
          every: 5,
          counter: 1,
        },
        atMs: 1000,
      },
    ],
  ];
  it.each(accepted)('%j', (text, expected) => {
    expect(parse(text)).toStrictEqual(expected);
  });
});

describe('parseLatencyProgram rejects', () => {
  const rejected: [text: string, quoted: string, reason: string][] = [
    [
      'step(200,800)',
      'step(200,800)',
      'lacks at; step takes two latency values and at=, e.g. step(200,800,at=60s).',
    ],
    [
      'step(200,at=1s)',
      'step(200,at=1s)',
      'has one latency value; step takes two latency values and at=, e.g. step(200,800,at=60s).',
    ],
    [
      'step(200,800,at=60)',
      'step(200,800,at=60)',
      "has at='60', which is not a duration such as 500ms, 30s, 5m or 1h.",
    ],
    ['step(200,800,at=1s,at=2s)', 'step(200,800,at=1s,at=2s)', 'sets at twice.'],
    [
      'step(200,800,when=1s)',
      'step(200,800,when=1s)',
      "has an unknown parameter 'when'; step takes two latency values and at=, e.g. step(200,800,at=60s).",
    ],
    [
      'step(at=1s,200,800)',
      'step(at=1s,200,800)',
      'has a value after a named parameter; step takes two latency values and at=, e.g. step(200,800,at=60s).',
    ],
    ['step(200,-1,at=1s)', '-1', 'is negative; latencies are zero or more milliseconds.'],
    ['step(200,700000,at=1s)', '700000', 'is above the cap of 600000 ms.'],
    [
      'step(200,800,at=1s',
      'step(200,800,at=1s',
      'is not a number of milliseconds or a distribution such as lognormal(p50=200,p99=800).',
    ],
    ['step(200,(800,at=1s)', 'step(200,(800,at=1s)', 'has unbalanced parentheses.'],
    ['ramp(100,300,over=0s)', 'ramp(100,300,over=0s)', 'has over=0s; it must be above zero.'],
    [
      'ramp(100,lognormal(p50=1,p99=2),over=1s)',
      'ramp(100,lognormal(p50=1,p99=2),over=1s)',
      'moves between fixed and lognormal; ramp interpolates between values of one kind.',
    ],
    [
      'sine(step(1,2,at=1s),3,period=1s)',
      'sine(step(1,2,at=1s),3,period=1s)',
      'has a program as a value; sine moves between plain values.',
    ],
    [
      'square(1,2,period=1s,duty=1.5)',
      'square(1,2,period=1s,duty=1.5)',
      "has duty='1.5'; duty is a fraction from 0 to 1.",
    ],
    [
      'square(1,2,duty=0.5)',
      'square(1,2,duty=0.5)',
      'lacks period; square takes two latency values, period= and optionally duty=, e.g. square(200,800,period=10m,duty=0.1).',
    ],
    [
      'tail(200,every=0,value=5000)',
      'tail(200,every=0,value=5000)',
      "has every='0', which is not a whole number of requests from 1.",
    ],
    [
      'tail(200,every=2.5,value=5000)',
      'tail(200,every=2.5,value=5000)',
      "has every='2.5', which is not a whole number of requests from 1.",
    ],
    [
      'tail(200,every=100)',
      'tail(200,every=100)',
      'lacks value; tail takes a latency value, every= and value=, e.g. tail(200,every=100,value=5000).',
    ],
    [
      'gamma(k=2)',
      'gamma(k=2)',
      'names no known distribution or program; use a number of milliseconds, fixed(ms), uniform(min=,max=), normal(mean=,sd=), lognormal(p50=,p99=), or a program: step, ramp, square, sine or tail.',
    ],
    [
      'step(1,gamma(k=2),at=1s)',
      'gamma(k=2)',
      'names no known distribution or program; use a number of milliseconds, fixed(ms), uniform(min=,max=), normal(mean=,sd=), lognormal(p50=,p99=), or a program: step, ramp, square, sine or tail.',
    ],
    ['abc', 'abc', 'is not a number of milliseconds or a distribution such as lognormal(p50=200,p99=800).'],
  ];
  it.each(rejected)('%j', (text, quoted, reason) => {
    let caught: unknown;
    try {
      parse(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TimingParseError);
    expect(caught).toMatchObject({ code: 'invalid_timing_value', param: 'X-TTFT-MS' });
    expect((caught as Error).message).toBe(`Invalid X-TTFT-MS header: '${quoted}' ${reason}`);
  });

  it('refuses programs nested deeper than 8 before recursing into them', () => {
    const nested = (depth: number): string => (depth === 0 ? '1' : `step(${nested(depth - 1)},2,at=1s)`);
    expect(parse(nested(8))).toMatchObject({ kind: 'step' });
    expect(() => parse(nested(9))).toThrow('nests programs more than 8 deep.');
    expect(() => parse(nested(5000))).toThrow(TimingParseError);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [1.5, '1.5ms'],
    [250, '250ms'],
    [1500, '1500ms'],
    [90_000, '90s'],
    [120_000, '2m'],
    [5_400_000, '90m'],
    [7_200_000, '2h'],
  ])('%d ms → %s', (durationMs, text) => {
    expect(formatDuration(durationMs)).toBe(text);
  });
});

const millis = fc.integer({ min: 0, max: CAP_MS });
const fixedSpec = millis.map((ms): LatencySpec => ({ kind: 'fixed', ms }));
const lognormalSpec = fc
  .tuple(fc.integer({ min: 1, max: CAP_MS }), fc.integer({ min: 1, max: CAP_MS }))
  .map(([a, b]): LatencySpec => ({ kind: 'lognormal', p50Ms: Math.min(a, b), p99Ms: Math.max(a, b) }));
const duration = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }),
  fc.integer({ min: 0, max: 600 }).map((s) => s * 1000),
  fc.integer({ min: 0, max: 24 }).map((h) => h * 3_600_000),
);
const positive = duration.filter((ms) => ms > 0);

/** Random programs with their tail counters numbered as the parser numbers them (in text order). */
function programArbitrary(): fc.Arbitrary<LatencyProgram> {
  const { program } = fc.letrec<{ program: LatencyProgram }>((tie) => ({
    program: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fixedSpec,
      lognormalSpec,
      fc.record({
        kind: fc.constant('step' as const),
        before: tie('program'),
        after: tie('program'),
        atMs: duration,
      }),
      fc
        .tuple(fixedSpec, fixedSpec, duration, positive)
        .map(([from, to, atMs, overMs]) => ({ kind: 'ramp' as const, from, to, atMs, overMs })),
      fc.record({
        kind: fc.constant('square' as const),
        low: tie('program'),
        high: tie('program'),
        periodMs: positive,
        duty: fc.constantFrom(0, 0.1, 0.5, 0.75, 1),
      }),
      fc
        .tuple(lognormalSpec, lognormalSpec, positive)
        .map(([low, high, periodMs]) => ({ kind: 'sine' as const, low, high, periodMs })),
      fc.record({
        kind: fc.constant('tail' as const),
        base: tie('program'),
        tail: tie('program'),
        every: fc.integer({ min: 1, max: 1000 }),
        counter: fc.constant(0),
      }),
    ),
  }));
  return program.map(renumber).filter((candidate) => depthOf(candidate) <= 8);
}

function renumber(program: LatencyProgram): LatencyProgram {
  let next = 0;
  const visit = (node: LatencyProgram): LatencyProgram => {
    switch (node.kind) {
      case 'step':
        return { ...node, before: visit(node.before), after: visit(node.after) };
      case 'square':
        return { ...node, low: visit(node.low), high: visit(node.high) };
      case 'tail': {
        const counter = next++;
        const base = visit(node.base);
        return { ...node, counter, base, tail: visit(node.tail) };
      }
      default:
        return node;
    }
  };
  return visit(program);
}

function depthOf(program: LatencyProgram): number {
  switch (program.kind) {
    case 'step':
      return 1 + Math.max(depthOf(program.before), depthOf(program.after));
    case 'square':
      return 1 + Math.max(depthOf(program.low), depthOf(program.high));
    case 'tail':
      return 1 + Math.max(depthOf(program.base), depthOf(program.tail));
    case 'ramp':
    case 'sine':
      return 1;
    default:
      return 0;
  }
}

describe('formatLatencyProgram', () => {
  it('writes canonical text that parses back to the same program', () => {
    fc.assert(
      fc.property(programArbitrary(), (program) => {
        const text = formatLatencyProgram(program);
        expect(parse(text)).toStrictEqual(program);
        expect(formatLatencyProgram(parse(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves defaults out', () => {
    expect(formatLatencyProgram(parse('ramp( 1 , 2 , over = 60000ms , at = 0s )'))).toBe('ramp(1,2,over=1m)');
    expect(formatLatencyProgram(parse('square(1,2,period=10m,duty=0.5)'))).toBe('square(1,2,period=10m)');
    expect(formatLatencyProgram(parse('tail(lognormal(P99=8,P50=2),every=10,value=5000)'))).toBe(
      'tail(lognormal(p50=2,p99=8),every=10,value=5000)',
    );
  });
});
