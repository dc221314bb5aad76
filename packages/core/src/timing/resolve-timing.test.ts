import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ITL_MS,
  DEFAULT_OUTPUT_LENGTH,
  DEFAULT_TTFT_MS,
  MAX_ITL_MS,
  MAX_OUTPUT_LENGTH,
  MAX_TTFT_MS,
} from '../protocol.js';
import { resolveTiming, type TimingCaps, type TimingDefaults } from './resolve-timing.js';
import { createRng } from './rng.js';
import { sampleLatency } from './sample-latency.js';
import { TimingParseError } from './timing-parse-error.js';

const defaults: TimingDefaults = {
  ttft: { kind: 'fixed', ms: DEFAULT_TTFT_MS },
  itl: { kind: 'fixed', ms: DEFAULT_ITL_MS },
  outputLength: DEFAULT_OUTPUT_LENGTH,
};
const caps: TimingCaps = { ttftMs: MAX_TTFT_MS, itlMs: MAX_ITL_MS, outputLength: MAX_OUTPUT_LENGTH };

describe('resolveTiming', () => {
  it('uses the defaults when no header is present', () => {
    expect(resolveTiming({}, defaults, caps, createRng(1))).toStrictEqual({
      ttftMs: 100,
      itlMs: 50,
      outputLength: 20,
      ttftSpec: { kind: 'fixed', ms: 100 },
      itlSpec: { kind: 'fixed', ms: 50 },
    });
  });

  it('lets each header override its default', () => {
    const resolved = resolveTiming(
      { ttft: '200', itl: '75', outputLength: '30' },
      defaults,
      caps,
      createRng(1),
    );
    expect(resolved).toMatchObject({ ttftMs: 200, itlMs: 75, outputLength: 30 });
    expect(resolveTiming({ itl: '5' }, defaults, caps, createRng(1))).toMatchObject({
      ttftMs: 100,
      itlMs: 5,
    });
  });

  it('draws TTFT then ITL, once each, from the request rng', () => {
    const headers = { ttft: 'lognormal(p50=200,p99=800)', itl: 'uniform(min=10,max=30)' };
    const resolved = resolveTiming(headers, defaults, caps, createRng(42));
    const replay = createRng(42);
    expect(resolved.ttftMs).toBe(
      sampleLatency({ kind: 'lognormal', p50Ms: 200, p99Ms: 800 }, replay, MAX_TTFT_MS),
    );
    expect(resolved.itlMs).toBe(sampleLatency({ kind: 'uniform', minMs: 10, maxMs: 30 }, replay, MAX_ITL_MS));
    expect(resolved.ttftSpec).toStrictEqual({ kind: 'lognormal', p50Ms: 200, p99Ms: 800 });
    expect(resolved.itlSpec).toStrictEqual({ kind: 'uniform', minMs: 10, maxMs: 30 });
  });

  it('samples distribution defaults too', () => {
    const distributed = { ...defaults, itl: { kind: 'uniform', minMs: 10, maxMs: 30 } as const };
    const resolved = resolveTiming({}, distributed, caps, () => 0.25);
    expect(resolved.itlMs).toBe(15);
  });

  it.each([
    [{ ttft: 'abc' }, 'X-TTFT-MS'],
    [{ itl: '-1' }, 'X-ITL-MS'],
    [{ itl: '60001' }, 'X-ITL-MS'],
    [{ ttft: '' }, 'X-TTFT-MS'],
    [{ outputLength: '0' }, 'X-OUTPUT-LENGTH'],
  ])('names the offending header %j', (headers, param) => {
    expect(() => resolveTiming(headers, defaults, caps, createRng(1))).toThrow(TimingParseError);
    try {
      resolveTiming(headers, defaults, caps, createRng(1));
    } catch (error) {
      expect(error).toMatchObject({ param, code: 'invalid_timing_value' });
      expect((error as Error).message.startsWith(`Invalid ${param} header: `)).toBe(true);
    }
  });

  it('consumes nothing from the rng when a header is invalid', () => {
    let calls = 0;
    const rng = () => {
      calls++;
      return 0.5;
    };
    expect(() =>
      resolveTiming({ ttft: 'normal(mean=1,sd=1)', outputLength: 'x' }, defaults, caps, rng),
    ).toThrow(TimingParseError);
    expect(calls).toBe(0);
  });
});
