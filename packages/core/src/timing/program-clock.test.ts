import { describe, expect, it } from 'vitest';
import { formatProgramStart, ProgramClock, parseProgramStart } from './program-clock.js';
import { TimingParseError } from './timing-parse-error.js';

/** A clock whose monotonic time starts at 500 ms and whose wall-clock time at 1,700,000,000,000 ms. */
function manualTime() {
  let nowMs = 500;
  return {
    nowMs: () => nowMs,
    epochMs: () => 1_700_000_000_000 + nowMs - 500,
    advance: (deltaMs: number) => {
      nowMs += deltaMs;
    },
  };
}

describe('ProgramClock', () => {
  it('counts from its creation for server-start', () => {
    const time = manualTime();
    const clock = new ProgramClock({ kind: 'server-start' }, time.nowMs, time.epochMs);
    time.advance(1500);
    expect(clock.elapsedMs()).toBe(1500);
  });

  it('counts from the first reading for first-request', () => {
    const time = manualTime();
    const clock = new ProgramClock({ kind: 'first-request' }, time.nowMs, time.epochMs);
    time.advance(60_000);
    expect(clock.elapsedMs()).toBe(0);
    time.advance(250);
    expect(clock.elapsedMs()).toBe(250);
  });

  it('counts from a wall-clock time, before and after it', () => {
    const time = manualTime();
    const clock = new ProgramClock({ kind: 'at', epochMs: 1_700_000_010_000 }, time.nowMs, time.epochMs);
    expect(clock.elapsedMs()).toBe(-10_000);
    time.advance(70_000);
    expect(clock.elapsedMs()).toBe(60_000);
  });
});

describe('parseProgramStart', () => {
  it.each([
    ['start', { kind: 'server-start' }],
    [' First-Request ', { kind: 'first-request' }],
    ['2026-05-01T12:00:00Z', { kind: 'at', epochMs: Date.UTC(2026, 4, 1, 12) }],
    ['2026-05-01T14:00:00.5+02:00', { kind: 'at', epochMs: Date.UTC(2026, 4, 1, 12, 0, 0, 500) }],
    ['1700000000000', { kind: 'at', epochMs: 1_700_000_000_000 }],
  ])('%j', (text, expected) => {
    expect(parseProgramStart(text, 'timing.programStart')).toStrictEqual(expected);
  });

  it.each(['', 'now', '2026-05-01', '2026-05-01T12:00:00', '12.5', '2026-13-45T99:99:99Z'])(
    'rejects %j',
    (text) => {
      expect(() => parseProgramStart(text, 'timing.programStart')).toThrow(TimingParseError);
    },
  );

  it('formats what it parses', () => {
    for (const text of ['start', 'first-request', '2026-05-01T12:00:00.000Z']) {
      expect(formatProgramStart(parseProgramStart(text, 'x'))).toBe(text);
    }
  });
});
