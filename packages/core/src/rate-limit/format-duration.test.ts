import { describe, expect, it } from 'vitest';
import { formatResetDuration } from './format-duration.js';

describe('formatResetDuration', () => {
  it("writes durations as OpenAI's headers do (Go's format, to the millisecond)", () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [-5, '0s'],
      [0.2, '1ms'],
      [12, '12ms'],
      [999, '999ms'],
      [1000, '1s'],
      [1001, '1.001s'],
      [7660, '7.66s'],
      [59_999, '59.999s'],
      [60_000, '1m0s'],
      [90_500, '1m30.5s'],
      [360_000, '6m0s'],
      [3_600_000, '1h0m0s'],
      [3_723_004, '1h2m3.004s'],
    ];
    for (const [ms, text] of cases) expect([ms, formatResetDuration(ms)]).toEqual([ms, text]);
  });
});
