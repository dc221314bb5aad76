import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { ENCODING_NAMES, type EncodingName } from './encodings.js';
import { TokensError } from './errors.js';
import { generateOutput } from './generate-output.js';

const reference: Record<EncodingName, Tiktoken> = {
  cl100k_base: new Tiktoken(cl100kBase),
  o200k_base: new Tiktoken(o200kBase),
};
const referenceCount = (text: string, encoding: EncodingName) =>
  reference[encoding].encode(text, [], []).length;

/** How the k6 harness counts tokens in a chunk: a non-space character at the start or after a space. */
const wordStarts = (text: string) => (text.match(/(?:^|(?<= ))[^ ]/g) ?? []).length;

const encodingArbitrary = fc.constantFrom(...ENCODING_NAMES);
const seedArbitrary = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(0, -1, 2 ** 32, 2 ** 53 - 1),
);
/** Sampled token counts over 1..8192, with the edges always in play. */
const tokenCountArbitrary = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 64 }), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 8192 }), weight: 1 },
  { arbitrary: fc.constantFrom(1, 2, 8191, 8192), weight: 1 },
);

describe('generateOutput', () => {
  it('is a fixed function of the seed', () => {
    expect(generateOutput({ tokenCount: 8, seed: 42, encoding: 'o200k_base' })).toEqual({
      pieces: ['Complete', ' slope', ' anyone', ' faith', ' spend', ' whom', ' delay', ' yourself'],
      text: 'Complete slope anyone faith spend whom delay yourself',
      completionTokens: 8,
      finishReason: 'stop',
    });
    const texts = [0, 2 ** 32, -1, 2 ** 53 - 1].map(
      (seed) => generateOutput({ tokenCount: 8, seed, encoding: 'cl100k_base' }).text,
    );
    expect(texts).toEqual([
      'Various why score cable full balance country we',
      'Forget parking sink label raise midnight welcome piano',
      'Regular street grape line curve sharp manage mineral',
      'Soup green blanket give vacuum receive sea recipe',
    ]);
  });

  it('re-encodes to exactly the requested tokens, one word start per piece, in both encodings', () => {
    fc.assert(
      fc.property(tokenCountArbitrary, seedArbitrary, encodingArbitrary, (tokenCount, seed, encoding) => {
        const output = generateOutput({ tokenCount, seed, encoding });
        expect(output.pieces).toHaveLength(tokenCount);
        expect(output.completionTokens).toBe(tokenCount);
        expect(output.finishReason).toBe('stop');
        expect(output.pieces.join('')).toBe(output.text);
        expect(referenceCount(output.text, encoding)).toBe(tokenCount);
        expect(wordStarts(output.text)).toBe(tokenCount);
        for (const piece of output.pieces) expect(piece).toMatch(/^ ?[A-Za-z]+$/);
      }),
      { numRuns: 60 },
    );
  });

  it.each(ENCODING_NAMES)('yields exactly 8192 tokens for 8192 requested (%s)', (encoding) => {
    for (const seed of [1, 2 ** 40 + 3]) {
      const output = generateOutput({ tokenCount: 8192, seed, encoding });
      expect(referenceCount(output.text, encoding)).toBe(8192);
      expect(output.pieces.every((piece) => referenceCount(piece, encoding) === 1)).toBe(true);
    }
  });

  it('writes the same text whatever the encoding, and a shorter output is a prefix of a longer one', () => {
    const long = generateOutput({ tokenCount: 300, seed: 7, encoding: 'cl100k_base' });
    expect(generateOutput({ tokenCount: 300, seed: 7, encoding: 'o200k_base' })).toEqual(long);
    const short = generateOutput({ tokenCount: 120, seed: 7, encoding: 'o200k_base' });
    expect(long.pieces.slice(0, 120)).toEqual(short.pieces);
  });

  it("caps at maxTokens with 'length', and ends with 'stop' when the cap is not reached", () => {
    const capped = generateOutput({ tokenCount: 50, seed: 3, maxTokens: 20, encoding: 'o200k_base' });
    expect(capped.finishReason).toBe('length');
    expect(capped.completionTokens).toBe(20);
    expect(capped.pieces).toEqual(generateOutput({ tokenCount: 20, seed: 3, encoding: 'o200k_base' }).pieces);
    for (const maxTokens of [50, 51, 10_000]) {
      const uncapped = generateOutput({ tokenCount: 50, seed: 3, maxTokens, encoding: 'o200k_base' });
      expect(uncapped.finishReason).toBe('stop');
      expect(uncapped.completionTokens).toBe(50);
    }
  });

  it('handles zero tokens and a zero cap', () => {
    expect(generateOutput({ tokenCount: 0, seed: 1, encoding: 'o200k_base' })).toEqual({
      pieces: [],
      text: '',
      completionTokens: 0,
      finishReason: 'stop',
    });
    expect(generateOutput({ tokenCount: 5, seed: 1, maxTokens: 0, encoding: 'o200k_base' })).toEqual({
      pieces: [],
      text: '',
      completionTokens: 0,
      finishReason: 'length',
    });
  });

  it('cuts before the earliest stop sequence and counts the cut piece', () => {
    // 'Complete slope anyone faith spend whom delay yourself'
    const output = generateOutput({
      tokenCount: 8,
      seed: 42,
      stop: ['whom', 'ope any'],
      encoding: 'cl100k_base',
    });
    expect(output.text).toBe('Complete sl');
    expect(output.pieces).toEqual(['Complete', ' sl']);
    expect(output.completionTokens).toBe(2);
    expect(output.finishReason).toBe('stop');
    const atPieceStart = generateOutput({
      tokenCount: 8,
      seed: 42,
      stop: [' faith'],
      encoding: 'cl100k_base',
    });
    expect(atPieceStart.pieces).toEqual(['Complete', ' slope', ' anyone']);
    expect(atPieceStart.completionTokens).toBe(3);
    const atStart = generateOutput({ tokenCount: 8, seed: 42, stop: ['Comp'], encoding: 'cl100k_base' });
    expect(atStart).toEqual({ pieces: [], text: '', completionTokens: 0, finishReason: 'stop' });
    const ignored = generateOutput({
      tokenCount: 8,
      seed: 42,
      stop: ['', 'zzz'],
      maxTokens: 4,
      encoding: 'cl100k_base',
    });
    expect(ignored.text).toBe('Complete slope anyone faith');
    expect(ignored.finishReason).toBe('length');
  });

  it('stops within the cap only: a stop sequence beyond maxTokens leaves the cut at the cap', () => {
    const output = generateOutput({
      tokenCount: 8,
      seed: 42,
      stop: ['yourself'],
      maxTokens: 3,
      encoding: 'o200k_base',
    });
    expect(output.finishReason).toBe('length');
    expect(output.completionTokens).toBe(3);
  });

  it('counts exactly what a stop sequence leaves, in both encodings', () => {
    const scenario = fc
      .record({
        tokenCount: fc.integer({ min: 1, max: 400 }),
        maxTokens: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
        seed: seedArbitrary,
        encoding: encodingArbitrary,
        stopStart: fc.nat(),
        stopLength: fc.integer({ min: 1, max: 6 }),
        extraStops: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
      })
      .map((values) => {
        // Take the stop sequence from the uncut text so that most runs do cut.
        const uncut = generateOutput({
          tokenCount: values.tokenCount,
          seed: values.seed,
          encoding: values.encoding,
        });
        const start = values.stopStart % uncut.text.length;
        return {
          ...values,
          stop: [uncut.text.slice(start, start + values.stopLength), ...values.extraStops],
        };
      });
    fc.assert(
      fc.property(scenario, ({ tokenCount, maxTokens, seed, encoding, stop }) => {
        const output = generateOutput({
          tokenCount,
          seed,
          encoding,
          stop,
          ...(maxTokens === undefined ? {} : { maxTokens }),
        });
        expect(output.pieces.join('')).toBe(output.text);
        expect(output.completionTokens).toBe(referenceCount(output.text, encoding));
        for (const sequence of stop) if (sequence !== '') expect(output.text.includes(sequence)).toBe(false);
        for (const piece of output.pieces.slice(0, -1)) expect(referenceCount(piece, encoding)).toBe(1);
        const limit = maxTokens === undefined ? tokenCount : Math.min(tokenCount, maxTokens);
        const uncut = generateOutput({ tokenCount: limit, seed, encoding });
        expect(uncut.text.startsWith(output.text)).toBe(true);
        const wasCut = output.text.length < uncut.text.length;
        expect(output.finishReason).toBe(wasCut || limit === tokenCount ? 'stop' : 'length');
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    [{ tokenCount: -1 }, 'invalid_token_count'],
    [{ tokenCount: 1.5 }, 'invalid_token_count'],
    [{ tokenCount: Number.NaN }, 'invalid_token_count'],
    [{ tokenCount: 2 ** 53 }, 'invalid_token_count'],
    [{ maxTokens: -3 }, 'invalid_max_tokens'],
    [{ maxTokens: 0.5 }, 'invalid_max_tokens'],
    [{ seed: Number.POSITIVE_INFINITY }, 'invalid_seed'],
    [{ seed: Number.NaN }, 'invalid_seed'],
    [{ stop: 'END' as unknown as string[] }, 'invalid_stop'],
    [{ stop: [1] as unknown as string[] }, 'invalid_stop'],
  ])('rejects %o with %s', (override, code) => {
    const options = { tokenCount: 5, seed: 1, encoding: 'o200k_base' as const, ...override };
    expect(() => generateOutput(options)).toThrowError(TokensError);
    expect(() => generateOutput(options)).toThrowError(expect.objectContaining({ code }));
  });
});
