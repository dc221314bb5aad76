import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import { describe, expect, it } from 'vitest';
import { countBytePairTokens } from './byte-pair-count.js';
import { bpeTable } from './encodings.js';

// The quadratic reference merge of js-tiktoken, fed one pre-token at a time.
const reference = new Tiktoken(cl100kBase);
const table = bpeTable('cl100k_base');
const count = (bytes: string) => countBytePairTokens(bytes, table);

describe('countBytePairTokens', () => {
  it('counts the empty string, single bytes and whole tokens', () => {
    expect(count('')).toBe(0);
    expect(count('\xff')).toBe(1);
    expect(count(' river')).toBe(1);
    expect(count('antidisestablishmentarianism')).toBe(
      reference.encode('antidisestablishmentarianism').length,
    );
  });

  it('breaks ties between equal pairs leftmost first, as tiktoken does', () => {
    for (let length = 1; length <= 80; length++) {
      for (const letter of ['a', ' ', '=']) {
        const text = letter.repeat(length);
        expect(count(text), `${length} × ${JSON.stringify(letter)}`).toBe(reference.encode(text).length);
      }
    }
  });

  it('merges like the reference on runs from small alphabets, where ties abound', () => {
    const run = fc
      .tuple(
        fc.constantFrom('ab', 'abc', 'aeiou', 'xyz', 'lo'),
        fc.integer({ min: 2, max: 300 }),
        fc.integer(),
      )
      .map(([alphabet, length, seed]) => {
        let state = seed >>> 0;
        let text = '';
        for (let index = 0; index < length; index++) {
          state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
          text += alphabet[(state >>> 16) % alphabet.length];
        }
        return text;
      });
    fc.assert(
      fc.property(run, (text) => {
        expect(count(text)).toBe(reference.encode(text).length);
      }),
      { numRuns: 40 },
    );
  });
});
