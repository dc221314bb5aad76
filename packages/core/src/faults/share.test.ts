import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultParseError } from './fault-parse-error.js';
import { formatShare, parseShare, shareValue } from './share.js';

function parseMessage(text: string): string {
  try {
    parseShare(text, 'X-Error-Rate');
  } catch (error) {
    if (error instanceof FaultParseError) return `${error.param}: ${error.message}`;
    throw error;
  }
  throw new Error(`expected '${text}' to be rejected`);
}

describe('parseShare', () => {
  it('reads decimals, percentages, fractions and number texts as exact fractions', () => {
    expect(parseShare('0.01', 'x')).toEqual({ numerator: 1, denominator: 100 });
    expect(parseShare(' 1% ', 'x')).toEqual({ numerator: 1, denominator: 100 });
    expect(parseShare('1/100', 'x')).toEqual({ numerator: 1, denominator: 100 });
    expect(parseShare('0.29', 'x')).toEqual({ numerator: 29, denominator: 100 });
    expect(parseShare('0.5%', 'x')).toEqual({ numerator: 1, denominator: 200 });
    expect(parseShare('2/6', 'x')).toEqual({ numerator: 1, denominator: 3 });
    expect(parseShare('.25', 'x')).toEqual({ numerator: 1, denominator: 4 });
    expect(parseShare('1e-3', 'x')).toEqual({ numerator: 1, denominator: 1000 });
    expect(parseShare('0.100000000000000', 'x')).toEqual({ numerator: 1, denominator: 10 });
    expect(parseShare('0', 'x')).toEqual({ numerator: 0, denominator: 1 });
    expect(parseShare('1', 'x')).toEqual({ numerator: 1, denominator: 1 });
    expect(parseShare('100%', 'x')).toEqual({ numerator: 1, denominator: 1 });
  });

  it('rejects what is not a share, naming the header', () => {
    const forms = 'use a number from 0 to 1 (0.01), a percentage (1%) or a fraction (1/100).';
    expect(parseMessage('often')).toBe(
      `X-Error-Rate: Invalid X-Error-Rate header: 'often' is not a share; ${forms}`,
    );
    expect(parseMessage('')).toBe(`X-Error-Rate: Invalid X-Error-Rate header: '' is not a share; ${forms}`);
    expect(parseMessage('-0.1')).toBe(
      `X-Error-Rate: Invalid X-Error-Rate header: '-0.1' is not a share; ${forms}`,
    );
    expect(parseMessage('1.5')).toBe(
      `X-Error-Rate: Invalid X-Error-Rate header: '1.5' is above 1 (100%); ${forms}`,
    );
    expect(parseMessage('101%')).toBe(
      `X-Error-Rate: Invalid X-Error-Rate header: '101%' is above 1 (100%); ${forms}`,
    );
    expect(parseMessage('3/2')).toBe(
      `X-Error-Rate: Invalid X-Error-Rate header: '3/2' is above 1 (100%); ${forms}`,
    );
    expect(parseMessage('1/0')).toBe("X-Error-Rate: Invalid X-Error-Rate header: '1/0' divides by zero.");
    expect(parseMessage('0.0000000000001')).toBe(
      "X-Error-Rate: Invalid X-Error-Rate header: '0.0000000000001' has more decimal places than the 12 a share may have.",
    );
    expect(parseMessage('99999999999999999999')).toBe(
      `X-Error-Rate: Invalid X-Error-Rate header: '99999999999999999999' is above 1 (100%); ${forms}`,
    );
  });

  it('formats canonically, and formatting round-trips', () => {
    expect(formatShare({ numerator: 1, denominator: 100 })).toBe('0.01');
    expect(formatShare({ numerator: 1, denominator: 200 })).toBe('0.005');
    expect(formatShare({ numerator: 3, denominator: 4 })).toBe('0.75');
    expect(formatShare({ numerator: 1, denominator: 3 })).toBe('1/3');
    expect(formatShare({ numerator: 0, denominator: 1 })).toBe('0');
    expect(formatShare({ numerator: 1, denominator: 1 })).toBe('1');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (denominator, n) => {
          const share = parseShare(`${n % (denominator + 1)}/${denominator}`, 'x');
          expect(parseShare(formatShare(share), 'x')).toEqual(share);
          expect(shareValue(share)).toBeCloseTo((n % (denominator + 1)) / denominator, 12);
        },
      ),
    );
  });

  it('reads the text of any JavaScript number in [0, 1] exactly as written', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        (digits, places) => {
          const value = Math.min(1, digits / 10 ** places);
          const share = parseShare(String(value), 'x');
          expect(share.numerator / share.denominator).toBe(value);
        },
      ),
    );
  });
});
