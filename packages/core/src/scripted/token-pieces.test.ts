import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { ENCODING_NAMES, type EncodingName } from '../tokens/encodings.js';
import { countTextTokens } from '../tokens/text-tokens.js';
import { tokenizeToPieces } from './token-pieces.js';

const reference: Record<EncodingName, Tiktoken> = {
  cl100k_base: new Tiktoken(cl100kBase),
  o200k_base: new Tiktoken(o200kBase),
};

/**
 * The reference split: js-tiktoken's tokens, grouped so that each group decodes to whole characters. A
 * prefix of tokens that ends inside a character decodes with U+FFFD, so boundaries are the prefixes without it
 * (the texts below never contain U+FFFD themselves).
 */
function referencePieces(text: string, encoding: EncodingName): { pieces: string[]; pieceTokens: number[] } {
  const tokenizer = reference[encoding];
  const ids = tokenizer.encode(text, [], []);
  const pieces: string[] = [];
  const pieceTokens: number[] = [];
  let previous = '';
  let tokens = 0;
  for (let end = 1; end <= ids.length; end++) {
    tokens++;
    const decoded = tokenizer.decode(ids.slice(0, end));
    if (decoded.includes('\uFFFD')) continue;
    pieces.push(decoded.slice(previous.length));
    pieceTokens.push(tokens);
    previous = decoded;
    tokens = 0;
  }
  return { pieces, pieceTokens };
}

const fragments = [
  'Hello',
  ' world',
  ', ',
  "it's",
  ' 12345',
  '\n\n',
  '  ',
  'naïve café',
  ' 日本語のテキスト',
  ' 😀🎉',
  '👩‍👩‍👧',
  ' ẞ',
  ' supercalifragilisticexpialidocious',
  '<|endoftext|>',
  'ab'.repeat(20),
  '\t',
];
const textArbitrary = fc
  .array(
    fc.oneof(
      fc.constantFrom(...fragments),
      fc.string({ maxLength: 8 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    ),
    {
      maxLength: 12,
    },
  )
  .map((parts) => parts.join('').replaceAll('\uFFFD', '?'))
  // Lone surrogates are not text a rule can hold (YAML and JSON files are UTF-8).
  .filter((text) => !/\p{Surrogate}/u.test(text));

describe('tokenizeToPieces', () => {
  it('splits where the tokens start: one token per piece for plain text', () => {
    expect(tokenizeToPieces('Hello, world! It works.', 'o200k_base')).toEqual({
      pieces: ['Hello', ',', ' world', '!', ' It', ' works', '.'],
      pieceTokens: [1, 1, 1, 1, 1, 1, 1],
      tokenCount: 7,
    });
    expect(tokenizeToPieces('', 'cl100k_base')).toEqual({ pieces: [], pieceTokens: [], tokenCount: 0 });
  });

  it('keeps the tokens of one character together', () => {
    const split = tokenizeToPieces('A 🦙!', 'cl100k_base');
    expect(split.pieces.join('')).toBe('A 🦙!');
    expect(split.pieces).toContain(' 🦙');
    expect(split.tokenCount).toBe(reference.cl100k_base.encode('A 🦙!', [], []).length);
    expect(split.pieceTokens.some((tokens) => tokens > 1)).toBe(true);
  });

  it("agrees with js-tiktoken's tokens on arbitrary text, in both encodings", () => {
    fc.assert(
      fc.property(textArbitrary, fc.constantFrom(...ENCODING_NAMES), (text, encoding) => {
        const split = tokenizeToPieces(text, encoding);
        expect(split.pieces.join('')).toBe(text);
        expect(split.tokenCount).toBe(countTextTokens(text, encoding));
        expect({ pieces: split.pieces, pieceTokens: split.pieceTokens }).toEqual(
          referencePieces(text, encoding),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('counts a long run without spaces as countTextTokens does, without quadratic time', () => {
    const run = 'x'.repeat(200_000);
    const split = tokenizeToPieces(run, 'o200k_base');
    expect(split.pieces.join('')).toBe(run);
    expect(split.tokenCount).toBe(countTextTokens(run, 'o200k_base'));
  });
});
