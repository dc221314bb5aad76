import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMicrosAsMs, MAX_RECORDED_MAGNITUDE, msToMicros, toRecordedValue } from './units.js';

describe('msToMicros', () => {
  it.each([
    [12.345, 12345],
    [100, 100_000],
    [0.001, 1],
    [0.0004, 0],
    [0.0005, 1],
    [-0.0005, -1],
    [-0.0004, 0],
    [-19.994, -19_994],
    [600_000, 600_000_000],
  ])('%s ms → %s µs', (ms, micros) => {
    expect(Object.is(msToMicros(ms), micros)).toBe(true);
  });

  it('recovers every µs integer from the ms float k6 prints (shortest round-trip decimal)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_RECORDED_MAGNITUDE, max: MAX_RECORDED_MAGNITUDE }), (micros) => {
        const printed = JSON.stringify(micros / 1000);
        expect(msToMicros(JSON.parse(printed) as number)).toBe(micros);
      }),
      { numRuns: 2000 },
    );
  });

  it('commutes with negation (half away from zero), so deltas mirror exactly', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (ms) => {
        expect(msToMicros(-ms)).toBe(-msToMicros(ms) || 0);
      }),
    );
  });
});

describe('toRecordedValue', () => {
  it('records times in µs, counts as integers and rates as 0/1', () => {
    expect(toRecordedValue('time', 1.5)).toBe(1500);
    expect(toRecordedValue('count', 6)).toBe(6);
    expect(toRecordedValue('rate', 1)).toBe(1);
    expect(toRecordedValue('rate', 0)).toBe(0);
  });
});

describe('formatMicrosAsMs', () => {
  it.each([
    [0, '0.000'],
    [1, '0.001'],
    [-1, '-0.001'],
    [999, '0.999'],
    [1000, '1.000'],
    [123_456, '123.456'],
    [-20_000, '-20.000'],
    [600_000_000, '600000.000'],
    [1499.5, '1.500'],
  ])('%s µs → %s', (micros, text) => {
    expect(formatMicrosAsMs(micros)).toBe(text);
  });

  it('prints exactly three decimals that parse back to the same µs', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_RECORDED_MAGNITUDE, max: MAX_RECORDED_MAGNITUDE }), (micros) => {
        const text = formatMicrosAsMs(micros);
        expect(text).toMatch(/^-?\d+\.\d{3}$/);
        expect(msToMicros(Number(text))).toBe(micros);
      }),
      { numRuns: 2000 },
    );
  });
});
