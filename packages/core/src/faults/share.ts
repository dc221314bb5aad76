import { faultError } from './fault-parse-error.js';

/**
 * A share of requests as an exact fraction, so that "1%" of 1,000 requests is exactly 10 and never 9 or 11
 * through floating-point rounding.
 */
export interface Share {
  readonly numerator: number;
  readonly denominator: number;
}

/** Largest denominator: the exact selector adds numerators below it, so sums stay exact integers. */
const MAX_DENOMINATOR = 1e12;
const DECIMAL_PATTERN = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;
const FRACTION_PATTERN = /^(\d+)\s*\/\s*(\d+)$/;
const FORMS = 'use a number from 0 to 1 (0.01), a percentage (1%) or a fraction (1/100).';

export const SHARE_NONE: Share = { numerator: 0, denominator: 1 };
export const SHARE_ALL: Share = { numerator: 1, denominator: 1 };

function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

function reduced(numerator: number, denominator: number): Share {
  const divisor = greatestCommonDivisor(numerator, denominator) || 1;
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

/** Digits and a power of ten as an exact fraction, or null when it needs more precision than we keep. */
function decimalFraction(integerDigits: string, fractionDigits: string, exponent: number): Share | null {
  const significantFraction = fractionDigits.replace(/0+$/, '');
  const digits = `${integerDigits}${significantFraction}`.replace(/^0+/, '') || '0';
  const scale = significantFraction.length - exponent;
  if (scale <= 0) {
    // A whole number: only 0 and 1 are shares; anything larger is reported as above 1.
    const value = Number(digits) * 10 ** -scale;
    return { numerator: Math.min(value, 2), denominator: 1 };
  }
  const denominator = 10 ** scale;
  if (denominator > MAX_DENOMINATOR) return null;
  return reduced(Number(digits), denominator);
}

/**
 * Parses a share: `0.01`, `1%`, `1/100` (and a number's own text, such as `1e-3`). `param` names the header
 * or key in the error. Throws FaultParseError for anything else or for a share above 1.
 */
export function parseShare(text: string, param: string): Share {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const body = percent ? trimmed.slice(0, -1).trimEnd() : trimmed;
  let share: Share | null = null;
  const fraction = percent ? null : FRACTION_PATTERN.exec(body);
  if (fraction !== null) {
    const numerator = Number(fraction[1]);
    const denominator = Number(fraction[2]);
    if (denominator === 0) throw faultError(param, text, 'divides by zero.');
    if (denominator > MAX_DENOMINATOR || !Number.isSafeInteger(numerator)) {
      throw faultError(param, text, `has a denominator above ${MAX_DENOMINATOR}.`);
    }
    share = reduced(numerator, denominator);
  } else {
    const decimal = DECIMAL_PATTERN.exec(body);
    const integerDigits = decimal?.[1] ?? '';
    const fractionDigits = decimal?.[2] ?? '';
    if (decimal === null || integerDigits + fractionDigits === '')
      throw faultError(param, text, `is not a share; ${FORMS}`);
    const exponent = Number(decimal[3] ?? '0') - (percent ? 2 : 0);
    share = decimalFraction(integerDigits, fractionDigits, exponent);
    if (share === null)
      throw faultError(param, text, 'has more decimal places than the 12 a share may have.');
  }
  if (share.numerator > share.denominator) throw faultError(param, text, `is above 1 (100%); ${FORMS}`);
  return share;
}

/** The share as a number in [0, 1]. */
export function shareValue(share: Share): number {
  return share.numerator / share.denominator;
}

/** Canonical text: a decimal when one is exact (`0.01`, `0.005`), else a fraction (`1/3`). */
export function formatShare(share: Share): string {
  const { numerator, denominator } = share;
  if (numerator === 0) return '0';
  if (numerator === denominator) return '1';
  for (let places = 1; places <= 12; places++) {
    const scale = 10 ** places;
    if (scale % denominator === 0) {
      const digits = String(numerator * (scale / denominator)).padStart(places, '0');
      return `0.${digits}`.replace(/0+$/, '');
    }
  }
  return `${numerator}/${denominator}`;
}
