import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonShapeScan } from './json-shape-scan.js';

/** Deepest array/object nesting of a parsed value. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (typeof value === 'object' && value !== null)
    return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

/** Commas outside strings: one fewer than the elements and members of each non-empty container. */
function commasOf(value: unknown): number {
  if (Array.isArray(value))
    return Math.max(0, value.length - 1) + value.reduce((sum, item) => sum + commasOf(item), 0);
  if (typeof value === 'object' && value !== null) {
    const items = Object.values(value);
    return Math.max(0, items.length - 1) + items.reduce((sum: number, item) => sum + commasOf(item), 0);
  }
  return 0;
}

/** `bytes` cut at the given points (in any order, duplicates allowed). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(bytes.subarray(start, point));
    start = point;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

function scanAll(pieces: Uint8Array[], maxDepth: number, maxValues: number): string | null {
  const scan = new JsonShapeScan({ maxDepth, maxValues });
  for (const piece of pieces) {
    const problem = scan.push(piece);
    if (problem !== null) return problem;
  }
  return null;
}

/** Strings full of what could confuse a scan: quotes, backslashes, brackets and commas. */
const trickyString = fc.string({
  unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', ',', 'a', 'é', '\u2028'),
  maxLength: 12,
});
const tricky = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    trickyString,
    fc.integer(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(trickyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('JsonShapeScan', () => {
  it('finds the exact depth and value count of any JSON text, however its bytes are cut into chunks', () => {
    fc.assert(
      fc.property(tricky, fc.array(fc.nat(), { maxLength: 6 }), (value, cuts) => {
        const bytes = new TextEncoder().encode(JSON.stringify(value));
        const pieces = split(bytes, cuts);
        const depth = depthOf(value);
        const commas = commasOf(value);
        // At its exact depth and count the text passes; one less on either bound refuses it.
        expect(scanAll(pieces, depth, commas + 1)).toBeNull();
        if (depth > 0) expect(scanAll(pieces, depth - 1, commas + 1)).toBe('depth');
        if (commas > 0) expect(scanAll(pieces, depth, commas)).toBe('values');
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses 16 million nested brackets after the first bytes past the bound', () => {
    const scan = new JsonShapeScan({ maxDepth: 128, maxValues: 1_000_000 });
    const head = new TextEncoder().encode(`{"x":${'['.repeat(127)}`);
    expect(scan.push(head)).toBeNull();
    expect(scan.push(new TextEncoder().encode('['))).toBe('depth');
  });

  it('keeps an escape that a chunk boundary splits from its character', () => {
    const scan = new JsonShapeScan({ maxDepth: 1, maxValues: 10 });
    for (const piece of ['["a\\', '"[[', '",', '"\\\\', '"]']) {
      expect(scan.push(new TextEncoder().encode(piece))).toBeNull();
    }
    // Every bracket so far was inside a string but the first and last: the depth is back to 0.
    expect(scan.push(new TextEncoder().encode('[[]]'))).toBe('depth');
  });
});
