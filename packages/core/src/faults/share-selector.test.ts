import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../timing/rng.js';
import { FaultParseError } from './fault-parse-error.js';
import { parseShare } from './share.js';
import { ExactRatio, MAX_SELECTOR_COUNTERS, parseSelectionMode, ShareSelector } from './share-selector.js';

function selectedIndices(
  selector: ShareSelector,
  key: string,
  share: string,
  count: number,
  mode: 'exact' | 'random',
) {
  const parsed = parseShare(share, 'x');
  const indices: number[] = [];
  for (let index = 0; index < count; index++) if (selector.select(key, parsed, mode)) indices.push(index);
  return indices;
}

describe('exact ratios', () => {
  it('fails exactly 10 of 1,000 requests at 1%: the 100th, the 200th, …', () => {
    const indices = selectedIndices(new ShareSelector(createRng(1)), 'config', '1%', 1000, 'exact');
    expect(indices).toEqual([99, 199, 299, 399, 499, 599, 699, 799, 899, 999]);
  });

  it('spreads shares that are not 1/k evenly: 0.29 of 100 is 29, never two in a row', () => {
    const indices = selectedIndices(new ShareSelector(createRng(1)), 'config', '0.29', 100, 'exact');
    expect(indices).toHaveLength(29);
    expect(
      indices.every((index, position) => position === 0 || index - (indices[position - 1] as number) >= 3),
    ).toBe(true);
  });

  it('after n requests, exactly ⌊n·p/q⌋ were selected, for every share and n', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 3000 }),
        (denominator, numeratorSeed, count) => {
          const numerator = numeratorSeed % (denominator + 1);
          const ratio = new ExactRatio({ numerator, denominator });
          let selected = 0;
          let firstMismatch = -1;
          for (let index = 1; index <= count && firstMismatch < 0; index++) {
            if (ratio.next()) selected++;
            if (selected !== Math.floor((index * numerator) / denominator)) firstMismatch = index;
          }
          expect(firstMismatch).toBe(-1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps one counter per key, and a bounded number of them', () => {
    const selector = new ShareSelector(createRng(1));
    const half = parseShare('1/2', 'x');
    expect([selector.select('a', half, 'exact'), selector.select('b', half, 'exact')]).toEqual([
      false,
      false,
    ]);
    expect([selector.select('a', half, 'exact'), selector.select('b', half, 'exact')]).toEqual([true, true]);
    for (let index = 0; index < MAX_SELECTOR_COUNTERS + 10; index++)
      selector.select(`key-${index}`, half, 'exact');
    // 'a' was evicted with the oldest counters: it starts again from zero.
    expect(selector.select('a', half, 'exact')).toBe(false);
  });

  it('never or always for 0 and 1, in both modes', () => {
    const selector = new ShareSelector(createRng(1));
    expect(selectedIndices(selector, 'k', '0', 50, 'random')).toEqual([]);
    expect(selectedIndices(selector, 'k', '0', 50, 'exact')).toEqual([]);
    expect(selectedIndices(selector, 'k', '1', 5, 'random')).toEqual([0, 1, 2, 3, 4]);
    expect(selectedIndices(selector, 'k', '1', 5, 'exact')).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('random mode', () => {
  it('is a pure function of the seed, and close to the share over many draws', () => {
    const first = selectedIndices(new ShareSelector(createRng(7)), 'k', '0.1', 20_000, 'random');
    const second = selectedIndices(new ShareSelector(createRng(7)), 'k', '0.1', 20_000, 'random');
    expect(first).toEqual(second);
    // Binomial(20000, 0.1): sd ≈ 42; 5 sd either side.
    expect(first.length).toBeGreaterThan(2000 - 212);
    expect(first.length).toBeLessThan(2000 + 212);
    expect(selectedIndices(new ShareSelector(createRng(8)), 'k', '0.1', 200, 'random')).not.toEqual(
      first.filter((i) => i < 200),
    );
  });
});

describe('parseSelectionMode', () => {
  it('accepts exact and random in any case, and names the header otherwise', () => {
    expect(parseSelectionMode('Exact', 'x')).toBe('exact');
    expect(parseSelectionMode(' random ', 'x')).toBe('random');
    expect(() => parseSelectionMode('sometimes', 'X-Error-Mode')).toThrow(
      new FaultParseError(
        'X-Error-Mode',
        "Invalid X-Error-Mode header: 'sometimes' is not a mode; use exact (every k-th request) or random (seeded draws).",
      ),
    );
  });
});
