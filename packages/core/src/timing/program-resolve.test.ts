import { describe, expect, it } from 'vitest';
import { MAX_ITL_MS, MAX_OUTPUT_LENGTH, MAX_TTFT_MS } from '../protocol.js';
import { parseLatencySpec } from './parse-latency.js';
import { resolveProgrammedTiming } from './program-resolve.js';
import { ProgramSlots } from './program-slots.js';
import { resolveTiming, type TimingCaps } from './resolve-timing.js';
import { createRng } from './rng.js';
import { TimingParseError } from './timing-parse-error.js';

const caps: TimingCaps = { ttftMs: MAX_TTFT_MS, itlMs: MAX_ITL_MS, outputLength: MAX_OUTPUT_LENGTH };

function slots(ttft = '100', itl = '50', maxEntries?: number): ProgramSlots {
  return new ProgramSlots({
    defaults: {
      ttft: parseLatencySpec(ttft, 'defaults.ttft', caps.ttftMs),
      itl: parseLatencySpec(itl, 'defaults.itl', caps.itlMs),
    },
    caps,
    ...(maxEntries === undefined ? {} : { maxEntries }),
  });
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.ceil(fraction * sorted.length) - 1] ?? Number.NaN;
}

describe('resolveProgrammedTiming', () => {
  it('draws exactly what resolveTiming draws for plain values', () => {
    const programs = slots('lognormal(p50=200,p99=800)', 'uniform(min=10,max=30)');
    const resolved = resolveProgrammedTiming(
      { ttft: programs.ttft(undefined), itl: programs.itl('normal(mean=20,sd=2)'), outputLength: '30' },
      20,
      caps,
      createRng(42),
      0,
    );
    const expected = resolveTiming(
      { itl: 'normal(mean=20,sd=2)', outputLength: '30' },
      {
        ttft: { kind: 'lognormal', p50Ms: 200, p99Ms: 800 },
        itl: { kind: 'uniform', minMs: 10, maxMs: 30 },
        outputLength: 20,
      },
      caps,
      createRng(42),
    );
    expect(resolved).toStrictEqual({
      ...expected,
      ttftProgram: { kind: 'lognormal', p50Ms: 200, p99Ms: 800 },
      itlProgram: { kind: 'normal', meanMs: 20, stdDevMs: 2 },
    });
  });

  it('reports the value a program gave at that moment as the spec', () => {
    const programs = slots();
    const input = {
      ttft: programs.ttft('step(10,lognormal(p50=20,p99=40),at=1m)'),
      itl: programs.itl('5'),
      outputLength: undefined,
    };
    expect(resolveProgrammedTiming(input, 20, caps, createRng(1), 59_999)).toMatchObject({
      ttftMs: 10,
      ttftSpec: { kind: 'fixed', ms: 10 },
      itlMs: 5,
      outputLength: 20,
    });
    expect(resolveProgrammedTiming(input, 20, caps, createRng(1), 60_000).ttftSpec).toStrictEqual({
      kind: 'lognormal',
      p50Ms: 20,
      p99Ms: 40,
    });
  });

  it('counts nothing when the output length is invalid', () => {
    const programs = slots();
    const ttft = programs.ttft('tail(1,every=2,value=2)');
    const input = { ttft, itl: programs.itl(undefined), outputLength: '0' };
    expect(() => resolveProgrammedTiming(input, 20, caps, createRng(1), 0)).toThrow(TimingParseError);
    expect([...ttft.counters]).toEqual([0]);
  });

  it('makes every 100th request 5 s and keeps the base percentiles for the rest (100,000 seeded requests)', () => {
    const programs = slots();
    const rng = createRng(7);
    const requests = 100_000;
    const all = new Float64Array(requests);
    const base: number[] = [];
    for (let index = 0; index < requests; index++) {
      const timing = resolveProgrammedTiming(
        {
          ttft: programs.ttft('tail(lognormal(p50=200,p99=800),every=100,value=5000)'),
          itl: programs.itl(undefined),
          outputLength: undefined,
        },
        20,
        caps,
        rng,
        index,
      );
      all[index] = timing.ttftMs;
      if ((index + 1) % 100 !== 0) base.push(timing.ttftMs);
      else expect(timing.ttftMs).toBe(5000);
    }
    const sortedBase = Float64Array.from(base).sort();
    expect(sortedBase).toHaveLength(99_000);
    expect(Math.abs(percentile(sortedBase, 0.5) / 200 - 1)).toBeLessThan(0.02);
    expect(Math.abs(percentile(sortedBase, 0.99) / 800 - 1)).toBeLessThan(0.03);
    // A burn-rate alert on "TTFT above 1 s" sees the injected 1 % plus the base's own share above 1 s:
    // 1 − Φ(ln(1000/200) / σ) with σ = ln(800/200) / z₀.₉₉ is 0.35 %.
    const aboveOneSecond = all.filter((ttftMs) => ttftMs > 1000).length / requests;
    expect(aboveOneSecond).toBeGreaterThan(0.0125);
    expect(aboveOneSecond).toBeLessThan(0.0145);
    expect(all.filter((ttftMs) => ttftMs === 5000)).toHaveLength(1000);
  });
});

describe('ProgramSlots', () => {
  it('shares one slot, and so one tail count, among requests that send the same text', () => {
    const programs = slots();
    const first = programs.ttft('tail(1,every=3,value=2)');
    expect(programs.ttft('tail(1,every=3,value=2)')).toBe(first);
    expect(programs.itl('tail(1,every=3,value=2)')).not.toBe(first);
    expect(programs.ttft(undefined)).toBe(programs.ttft(undefined));
    expect(programs.ttft(undefined).program).toStrictEqual({ kind: 'fixed', ms: 100 });
  });

  it('names the header in errors and checks each header against its own cap', () => {
    const programs = slots();
    expect(() => programs.ttft('step(1,700000,at=1s)')).toThrow(
      "Invalid X-TTFT-MS header: '700000' is above the cap",
    );
    expect(() => programs.itl('step(1,70000,at=1s)')).toThrow(
      "Invalid X-ITL-MS header: '70000' is above the cap of 60000 ms.",
    );
    expect(programs.ttft('step(1,70000,at=1s)').program).toMatchObject({ kind: 'step' });
  });

  it('forgets the least recently used text beyond its limit', () => {
    const programs = slots('100', '50', 2);
    const a = programs.ttft('tail(1,every=2,value=2)');
    const b = programs.ttft('tail(1,every=3,value=2)');
    expect(programs.ttft('tail(1,every=2,value=2)')).toBe(a);
    programs.ttft('tail(1,every=4,value=2)');
    expect(programs.ttft('tail(1,every=2,value=2)')).toBe(a);
    expect(programs.ttft('tail(1,every=3,value=2)')).not.toBe(b);
  });
});
