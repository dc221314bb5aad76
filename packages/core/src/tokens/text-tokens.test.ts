import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { bpeTable, ENCODING_NAMES, type EncodingName, preloadEncodings } from './encodings.js';
import { clearTextTokenCache, countTextTokens } from './text-tokens.js';

// js-tiktoken's own encoder is the reference: empty allowed and disallowed special sets make
// special-token text plain text, as it is for user input.
const reference: Record<EncodingName, Tiktoken> = {
  cl100k_base: new Tiktoken(cl100kBase),
  o200k_base: new Tiktoken(o200kBase),
};
const referenceCount = (text: string, encoding: EncodingName) =>
  reference[encoding].encode(text, [], []).length;

const encodingArbitrary = fc.constantFrom(...ENCODING_NAMES);

/** Fragments that exercise every alternative of both split patterns. */
const fragments = [
  'the',
  ' river',
  'Hello',
  'WORLD',
  "'s",
  "'LL",
  "don't",
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\t',
  ' \n ',
  '12345',
  '3.14',
  '!!',
  '...',
  '<|endoftext|>',
  '<|fim_prefix|>',
  '<|endofprompt|>',
  'é',
  'ß',
  'Ünïcödé',
  '日本語',
  'テキスト',
  '한국어',
  'Здравствуйте',
  'مرحبا',
  '😀',
  '👩‍👩‍👧',
  'e\u0301',
  '\u200b',
  '\ud800',
  '\udfff',
  '{"a":1}',
  'https://example.com/path?q=1',
  'snake_case',
  'camelCase',
  'x'.repeat(40),
  '='.repeat(70),
  '-'.repeat(33),
];
const fragmentText = fc
  .array(fc.constantFrom(...fragments), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('countTextTokens', () => {
  it.each([
    ['', 0, 0],
    ['hello world', 2, 2],
    ['tiktoken is great!', 6, 6],
    ['Hello, 世界! 😀', 8, 5],
    ['New synergies will help drive top-line growth.', 10, 10],
  ])('counts %j as %i (cl100k_base) and %i (o200k_base) tokens', (text, cl100k, o200k) => {
    expect(countTextTokens(text, 'cl100k_base')).toBe(cl100k);
    expect(countTextTokens(text, 'o200k_base')).toBe(o200k);
  });

  it('counts special-token text as ordinary text and never throws', () => {
    expect(countTextTokens('<|endoftext|>', 'cl100k_base')).toBe(7);
    expect(countTextTokens('<|endoftext|>', 'o200k_base')).toBe(7);
    expect(countTextTokens('a<|endofprompt|>b<|fim_middle|>', 'cl100k_base')).toBe(
      referenceCount('a<|endofprompt|>b<|fim_middle|>', 'cl100k_base'),
    );
  });

  it('agrees with js-tiktoken on text built from every kind of fragment', () => {
    fc.assert(
      fc.property(fragmentText, encodingArbitrary, (text, encoding) => {
        expect(countTextTokens(text, encoding)).toBe(referenceCount(text, encoding));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with js-tiktoken on arbitrary strings, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), encodingArbitrary, (text, encoding) => {
        expect(countTextTokens(text, encoding)).toBe(referenceCount(text, encoding));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with js-tiktoken on long runs without whitespace', () => {
    const run = fc
      .array(fc.constantFrom('a', 'b', 'e', 'n', 'r', 'A', 'é', '日'), { minLength: 100, maxLength: 400 })
      .map((letters) => letters.join(''));
    fc.assert(
      fc.property(run, encodingArbitrary, (text, encoding) => {
        expect(countTextTokens(text, encoding)).toBe(referenceCount(text, encoding));
      }),
      { numRuns: 12 },
    );
  });

  it('gives the same count from the cache as from a fresh tokenization', () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(50);
    const first = countTextTokens(text, 'o200k_base');
    expect(countTextTokens(text, 'o200k_base')).toBe(first);
    clearTextTokenCache();
    expect(countTextTokens(text, 'o200k_base')).toBe(first);
    expect(first).toBe(referenceCount(text, 'o200k_base'));
  });

  // The bound proves the count is not quadratic (that would take hours on 1 MB); it is generous because the
  // machine may be busy. Speed itself is measured by scripts/bench-tokens.mjs.
  it.each(ENCODING_NAMES)(
    'counts 1 MB without whitespace in bounded time (%s)',
    { timeout: 30_000 },
    (encoding) => {
      countTextTokens('warm up', encoding);
      clearTextTokenCache();
      const letters = 'abcdefghijklmnopqrstuvwxyz';
      let state = 7;
      let random = '';
      for (let index = 0; index < 1_000_000; index++) {
        state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
        random += letters[(state >>> 16) % letters.length];
      }
      for (const text of ['a'.repeat(1_000_000), random]) {
        const started = performance.now();
        const tokens = countTextTokens(text, encoding);
        expect(performance.now() - started).toBeLessThan(10_000);
        // Letters merge into tokens of about 2 (random) to 8 (one letter) bytes.
        expect(tokens).toBeGreaterThanOrEqual(1_000_000 / 8);
        expect(tokens).toBeLessThanOrEqual(1_000_000 / 1.5);
      }
      expect(countTextTokens('a'.repeat(1_000_000), encoding)).toBe(125_000);
    },
  );

  it('builds each table once, ahead of time on request', () => {
    preloadEncodings(['cl100k_base']);
    const table = bpeTable('cl100k_base');
    preloadEncodings();
    expect(bpeTable('cl100k_base')).toBe(table);
    expect(bpeTable('o200k_base').encoding).toBe('o200k_base');
    expect(table.ranks.size).toBe(100_256);
    expect(bpeTable('o200k_base').ranks.size).toBe(199_998);
  });
});
