import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorKind } from './error-kinds.js';
import { FaultParseError } from './fault-parse-error.js';
import { type Fault, formatFault, formatFaults, parseFaults } from './fault-spec.js';
import { SHARE_ALL } from './share.js';

const MAX_STALL_MS = 600_000;

function parseMessage(text: string): string {
  try {
    parseFaults(text, 'X-Fault', MAX_STALL_MS);
  } catch (error) {
    if (error instanceof FaultParseError) return error.message;
    throw error;
  }
  throw new Error(`expected '${text}' to be rejected`);
}

describe('parseFaults', () => {
  it('reads every kind, with defaults', () => {
    expect(parseFaults('disconnect(after=5)', 'X-Fault', MAX_STALL_MS)).toEqual([
      { kind: 'disconnect', afterTokens: 5, share: SHARE_ALL },
    ]);
    expect(parseFaults('disconnect', 'X-Fault', MAX_STALL_MS)).toEqual([
      { kind: 'disconnect', afterTokens: 0, share: SHARE_ALL },
    ]);
    expect(parseFaults('Stall( after = 3 , ms = 2500.5 )', 'X-Fault', MAX_STALL_MS)).toEqual([
      { kind: 'stall', afterTokens: 3, stallMs: 2500.5, share: SHARE_ALL },
    ]);
    expect(parseFaults('error(after=2,status=503)', 'X-Fault', MAX_STALL_MS)).toEqual([
      { kind: 'error', afterTokens: 2, error: errorKind('overloaded'), share: SHARE_ALL },
    ]);
    expect(parseFaults('error', 'X-Fault', MAX_STALL_MS)).toEqual([
      { kind: 'error', afterTokens: 0, error: errorKind('server_error'), share: SHARE_ALL },
    ]);
    expect(parseFaults('no-done, no-usage(rate=1%)', 'X-Fault', MAX_STALL_MS)).toEqual([
      { kind: 'no-done', share: SHARE_ALL },
      { kind: 'no-usage', share: { numerator: 1, denominator: 100 } },
    ]);
    expect(parseFaults(' none ', 'X-Fault', MAX_STALL_MS)).toEqual([]);
  });

  it('reads lists joined the way HTTP joins repeated headers', () => {
    expect(parseFaults('stall(after=1,ms=5), disconnect(after=4,rate=1/3)', 'X-Fault', MAX_STALL_MS)).toEqual(
      [
        { kind: 'stall', afterTokens: 1, stallMs: 5, share: SHARE_ALL },
        { kind: 'disconnect', afterTokens: 4, share: { numerator: 1, denominator: 3 } },
      ],
    );
  });

  it('explains every mistake, naming the header', () => {
    const forms =
      'use disconnect(after=N), stall(after=N,ms=M), error(after=N,status=S), no-done or no-usage, each with an ' +
      'optional rate=SHARE, separated by commas.';
    expect(parseMessage('explode')).toBe(
      `Invalid X-Fault header: 'explode' has 'explode', which is not a fault; ${forms}`,
    );
    expect(parseMessage('')).toBe(`Invalid X-Fault header: '' is empty; ${forms}`);
    expect(parseMessage('stall(after=1')).toBe(
      `Invalid X-Fault header: 'stall(after=1' has unbalanced parentheses; ${forms}`,
    );
    expect(parseMessage('stall((ms=1))')).toBe(
      `Invalid X-Fault header: 'stall((ms=1))' has unbalanced parentheses; ${forms}`,
    );
    expect(parseMessage('stall(after=1)')).toBe(
      "Invalid X-Fault header: 'stall(after=1)' lacks ms; stall takes after, ms, rate.",
    );
    expect(parseMessage('disconnect(ms=1)')).toBe(
      "Invalid X-Fault header: 'disconnect(ms=1)' gives disconnect an unknown 'ms'; it takes after, rate.",
    );
    expect(parseMessage('disconnect(after)')).toBe(
      "Invalid X-Fault header: 'disconnect(after)' gives disconnect 'after' without a value.",
    );
    expect(parseMessage('disconnect(after=1,after=2)')).toBe(
      "Invalid X-Fault header: 'disconnect(after=1,after=2)' gives disconnect 'after' twice.",
    );
    expect(parseMessage('disconnect(after=-1)')).toBe(
      "Invalid X-Fault header: 'disconnect(after=-1)' has after=-1; after is a whole number of tokens from 0.",
    );
    expect(parseMessage('disconnect(after=1.5)')).toBe(
      "Invalid X-Fault header: 'disconnect(after=1.5)' has after=1.5; after is a whole number of tokens from 0.",
    );
    expect(parseMessage('stall(ms=abc)')).toBe(
      "Invalid X-Fault header: 'stall(ms=abc)' has ms=abc; ms is a number of milliseconds from 0.",
    );
    expect(parseMessage('stall(ms=600001)')).toBe(
      "Invalid X-Fault header: 'stall(ms=600001)' stalls 600001 ms, above the cap of 600000 ms.",
    );
    expect(parseMessage('no-done(rate=2)')).toBe(
      "Invalid X-Fault rate: '2' is above 1 (100%); use a number from 0 to 1 (0.01), a percentage (1%) or a fraction (1/100).",
    );
    expect(parseMessage('error(status=418)')).toContain(
      "Invalid X-Fault status: '418' is not an error to inject",
    );
    expect(parseMessage('__proto__')).toBe(
      `Invalid X-Fault header: '__proto__' has '__proto__', which is not a fault; ${forms}`,
    );
  });
});

describe('formatFault', () => {
  it('writes the canonical text, leaving out rate=1', () => {
    expect(
      formatFaults(
        parseFaults('stall(ms=5), error(after=3,status=429,rate=0.5), no-done', 'X-Fault', MAX_STALL_MS),
      ),
    ).toBe('stall(after=0,ms=5), error(after=3,status=rate_limit_requests,rate=0.5), no-done');
    expect(formatFaults([])).toBe('none');
  });

  it('round-trips through parseFaults', () => {
    const share = fc.constantFrom('1', '0.5', '1/3', '0.001');
    const fault = fc.oneof(
      fc
        .record({ after: fc.nat(10_000), rate: share })
        .map(({ after, rate }) => `disconnect(after=${after},rate=${rate})`),
      fc
        .record({ after: fc.nat(10_000), ms: fc.nat(MAX_STALL_MS), rate: share })
        .map(({ after, ms, rate }) => `stall(after=${after},ms=${ms},rate=${rate})`),
      fc
        .record({
          after: fc.nat(10_000),
          status: fc.constantFrom('429', '500', 'insufficient_quota'),
          rate: share,
        })
        .map(({ after, status, rate }) => `error(after=${after},status=${status},rate=${rate})`),
      share.map((rate) => `no-done(rate=${rate})`),
      share.map((rate) => `no-usage(rate=${rate})`),
    );
    fc.assert(
      fc.property(fc.array(fault, { minLength: 1, maxLength: 4 }), (faults) => {
        const parsed: Fault[] = parseFaults(faults.join(', '), 'X-Fault', MAX_STALL_MS);
        expect(parseFaults(parsed.map(formatFault).join(','), 'X-Fault', MAX_STALL_MS)).toEqual(parsed);
      }),
    );
  });
});
