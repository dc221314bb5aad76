import { isMultipleOf } from './schema-match.js';
import type { SchemaView } from './schema-view.js';

type Rng = () => number;

interface NumberBounds {
  readonly low: number;
  readonly lowExclusive: boolean;
  readonly high: number;
  readonly highExclusive: boolean;
}

function boundsOf(view: SchemaView): NumberBounds {
  let low = Number.NEGATIVE_INFINITY;
  let lowExclusive = false;
  let high = Number.POSITIVE_INFINITY;
  let highExclusive = false;
  if (typeof view.minimum === 'number') {
    low = view.minimum;
    lowExclusive = view.exclusiveMinimum === true;
  }
  if (typeof view.exclusiveMinimum === 'number' && view.exclusiveMinimum >= low) {
    low = view.exclusiveMinimum;
    lowExclusive = true;
  }
  if (typeof view.maximum === 'number') {
    high = view.maximum;
    highExclusive = view.exclusiveMaximum === true;
  }
  if (typeof view.exclusiveMaximum === 'number' && view.exclusiveMaximum <= high) {
    high = view.exclusiveMaximum;
    highExclusive = true;
  }
  return { low, lowExclusive, high, highExclusive };
}

function within(value: number, bounds: NumberBounds): boolean {
  if (value < bounds.low || (bounds.lowExclusive && value === bounds.low)) return false;
  return !(value > bounds.high || (bounds.highExclusive && value === bounds.high));
}

/** k·step without binary noise where the step is decimal (0.1 · 3 is 0.3, not 0.30000000000000004). */
function times(multiple: number, step: number): number {
  const product = multiple * step;
  return Number.isInteger(step) ? product : Number(product.toPrecision(12));
}

/**
 * A number valid for the view's bounds and `multipleOf` (an integer when `integer`): a small seeded
 * value where the bounds allow it (one token), else the valid value nearest to it. `variant` moves
 * the choice so that array items can differ. Null when no value was found.
 */
export function chooseNumber(view: SchemaView, integer: boolean, rng: Rng, variant: number): number | null {
  const bounds = boundsOf(view);
  const step = typeof view.multipleOf === 'number' && view.multipleOf > 0 ? view.multipleOf : integer ? 1 : 0;
  const valid = (value: number) =>
    Number.isFinite(value) &&
    within(value, bounds) &&
    (!integer || Number.isInteger(value)) &&
    (step === 0 || isMultipleOf(value, step));
  const draw = rng();
  if (step > 0) {
    const lowMultiple = Number.isFinite(bounds.low) ? Math.ceil(bounds.low / step) : Number.NEGATIVE_INFINITY;
    const highMultiple = Number.isFinite(bounds.high)
      ? Math.floor(bounds.high / step)
      : Number.POSITIVE_INFINITY;
    // A multiple drawn inside the bounds when they are close, else a small one (1..99) moved into them.
    const preferred =
      highMultiple - lowMultiple < 100
        ? lowMultiple + Math.floor(draw * (highMultiple - lowMultiple + 1))
        : Math.min(
            highMultiple,
            Math.max(lowMultiple, Math.max(1, Math.round((1 + Math.floor(draw * 99)) / step))),
          );
    for (const base of [preferred, lowMultiple, lowMultiple + 1, highMultiple, highMultiple - 1]) {
      if (!Number.isFinite(base)) continue;
      for (let offset = 0; offset < 4; offset++) {
        if (valid(times(base + variant + offset, step))) return times(base + variant + offset, step);
        if (valid(times(base - variant - offset, step))) return times(base - variant - offset, step);
      }
    }
    return null;
  }
  const desired = 1 + Math.floor(draw * 99) + variant;
  if (valid(desired)) return desired;
  const candidates: number[] = [];
  const { low, high } = bounds;
  if (Number.isFinite(low)) candidates.push(Math.ceil(low) + variant, Math.ceil(low) + 1 + variant);
  if (Number.isFinite(high)) candidates.push(Math.floor(high) - variant, Math.floor(high) - 1 - variant);
  if (Number.isFinite(low) && Number.isFinite(high)) {
    const span = high - low;
    for (let part = 1; part < 8; part++) {
      candidates.push(Number((low + (span * (part + variant)) / (9 + variant)).toPrecision(6)));
    }
  }
  if (Number.isFinite(low) && !Number.isFinite(high)) candidates.push(low + 0.5, low + 1);
  if (Number.isFinite(high) && !Number.isFinite(low)) candidates.push(high - 0.5, high - 1);
  return candidates.find(valid) ?? null;
}
