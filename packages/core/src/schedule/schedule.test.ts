import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamOffsetsMs, unaryDeadlineMs } from './schedule.js';

describe('streamOffsetsMs', () => {
  it('puts token i at ttft + i·itl', () => {
    expect(Array.from(streamOffsetsMs(200, 75, 4))).toEqual([200, 275, 350, 425]);
    expect(Array.from(streamOffsetsMs(100, 0, 3))).toEqual([100, 100, 100]);
    expect(streamOffsetsMs(100, 50, 0)).toHaveLength(0);
  });

  it('does not accumulate rounding error: offset 10000 at itl 0.1 is ttft + 10000·0.1', () => {
    const offsets = streamOffsetsMs(100, 0.1, 10_001);
    expect(offsets[10_000]).toBe(100 + 10_000 * 0.1);
    expect(offsets[10_000]).toBe(1100);
    // A running sum drifts: this is the error the schedule must not have.
    let summed = 100;
    for (let index = 0; index < 10_000; index++) summed += 0.1;
    expect(summed).not.toBe(1100);
  });

  it('equals the multiplication formula for any ttft, itl and index', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 600_000, noNaN: true }),
        fc.double({ min: 0, max: 60_000, noNaN: true }),
        fc.integer({ min: 1, max: 300 }),
        (ttftMs, itlMs, count) => {
          const offsets = streamOffsetsMs(ttftMs, itlMs, count);
          for (let index = 0; index < count; index++) expect(offsets[index]).toBe(ttftMs + index * itlMs);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects counts that are not whole numbers from 0', () => {
    expect(() => streamOffsetsMs(1, 1, -1)).toThrow(RangeError);
    expect(() => streamOffsetsMs(1, 1, 1.5)).toThrow(RangeError);
  });
});

describe('unaryDeadlineMs', () => {
  it('is ttft + count·itl: 30 tokens at TTFT 200 and ITL 75 → 2450 ms', () => {
    expect(unaryDeadlineMs(200, 75, 30)).toBe(2450);
    expect(unaryDeadlineMs(100, 50, 20)).toBe(1100);
    expect(unaryDeadlineMs(100, 50, 0)).toBe(100);
    expect(() => unaryDeadlineMs(1, 1, Number.NaN)).toThrow(RangeError);
  });
});
