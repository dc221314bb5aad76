import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it, vi } from 'vitest';
import { ByteRankTable } from './bpe-ranks.js';
import type { EncodingName } from './encodings.js';

const SOURCES = { cl100k_base: cl100kBase, o200k_base: o200kBase } as const;

/** js-tiktoken's rank text read the plain way: a Map from each token's bytes (binary string) to its rank. */
function referenceRanks(text: string): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [, firstRank, ...tokens] = line.split(' ');
    for (const [index, token] of tokens.entries()) ranks.set(atob(token), Number(firstRank) + index);
  }
  return ranks;
}

describe.each(['cl100k_base', 'o200k_base'] as const)('ByteRankTable of %s', (encoding) => {
  const reference = referenceRanks(SOURCES[encoding].bpe_ranks);
  const fromText = ByteRankTable.fromRankText(SOURCES[encoding].bpe_ranks);
  const binary = fromText.toBinary();
  const fromBinary = ByteRankTable.fromBinary(binary);

  it('has every token at its rank, built from the text and taken from the binary form', () => {
    expect(fromText.size).toBe(reference.size);
    expect(fromBinary.size).toBe(reference.size);
    for (const [bytes, rank] of reference) {
      if (fromText.get(bytes) !== rank || fromBinary.get(bytes) !== rank) {
        expect({ bytes, text: fromText.get(bytes), binary: fromBinary.get(bytes) }).toEqual({
          bytes,
          text: rank,
          binary: rank,
        });
      }
    }
  });

  it('finds slices in place, and nothing that is no token', () => {
    const bytes = fc
      .uint8Array({ minLength: 1, maxLength: 12 })
      .map((array) => String.fromCharCode(...array));
    fc.assert(
      fc.property(bytes, bytes, bytes, (before, middle, after) => {
        const text = before + middle + after;
        const expected = reference.get(middle) ?? -1;
        expect(fromText.rankOf(text, before.length, before.length + middle.length)).toBe(expected);
        expect(fromBinary.rankOf(text, before.length, before.length + middle.length)).toBe(expected);
        expect(fromBinary.has(middle)).toBe(expected >= 0);
      }),
      { numRuns: 2_000 },
    );
    expect(fromBinary.get('')).toBeUndefined();
    expect(fromBinary.get('x'.repeat(300))).toBeUndefined();
    expect(fromBinary.get('\u0100')).toBeUndefined();
  });

  it('indexes every two-byte token', () => {
    for (const [bytes, rank] of reference) {
      if (bytes.length === 2)
        expect(fromBinary.twoByteRanks[(bytes.charCodeAt(0) << 8) | bytes.charCodeAt(1)]).toBe(rank);
    }
    expect(fromBinary.twoByteRanks.filter((rank) => rank >= 0).length).toBe(
      [...reference.keys()].filter((bytes) => bytes.length === 2).length,
    );
  });

  it('reads its binary form from anywhere in a buffer, and rejects what is not one', () => {
    const shifted = new Uint8Array(binary.length + 1);
    shifted.set(binary, 1);
    expect(ByteRankTable.fromBinary(shifted.subarray(1)).get(' the')).toBe(reference.get(' the'));
    expect(() => ByteRankTable.fromBinary(binary.subarray(0, binary.length - 1))).toThrow(RangeError);
    const wrongMagic = binary.slice();
    wrongMagic[0] = (wrongMagic[0] as number) ^ 0xff;
    expect(() => ByteRankTable.fromBinary(wrongMagic)).toThrow(RangeError);
    expect(() => ByteRankTable.fromBinary(new Uint8Array(8))).toThrow(RangeError);
  });
});

describe('prebuilt tables', () => {
  it('give the same counts as tables built from the text, and are taken once, on first use', async () => {
    // A fresh copy of the module registry: the tables of this worker's other tests are already made.
    vi.resetModules();
    const encodings = await import('./encodings.js');
    const { countTextTokens } = await import('./text-tokens.js');
    const binaries = {
      cl100k_base: encodings.rankTableBinary('cl100k_base'),
      o200k_base: encodings.rankTableBinary('o200k_base'),
    };
    const taken: EncodingName[] = [];
    encodings.usePrebuiltRankTables((encoding) => {
      taken.push(encoding);
      return ByteRankTable.fromBinary(binaries[encoding]);
    });
    expect(encodings.hasBpeTable('o200k_base')).toBe(false);
    const reference = { cl100k_base: new Tiktoken(cl100kBase), o200k_base: new Tiktoken(o200kBase) };
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.constantFrom('cl100k_base' as const, 'o200k_base' as const),
        (text, encoding) => {
          expect(countTextTokens(text, encoding)).toBe(reference[encoding].encode(text, [], []).length);
        },
      ),
      { numRuns: 300 },
    );
    expect(taken.sort()).toEqual(['cl100k_base', 'o200k_base']);
    expect(encodings.hasBpeTable('o200k_base')).toBe(true);
    expect(encodings.installBpeTable('o200k_base', ByteRankTable.fromBinary(binaries.o200k_base))).toBe(
      false,
    );
    encodings.usePrebuiltRankTables(null);
  });
});
