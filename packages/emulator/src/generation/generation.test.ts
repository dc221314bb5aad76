import { createRng } from '@tokenpace/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choiceSeeds } from './choice-seeds.js';
import { generateChoices, stopSequences } from './generate-choices.js';

describe('choiceSeeds', () => {
  it('is a pure function of the request seed, with distinct seeds per choice', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.integer({ min: 1, max: 16 }),
        (seed, count) => {
          const first = choiceSeeds(seed, count, createRng(1));
          const second = choiceSeeds(seed, count, createRng(99));
          expect(first).toEqual(second);
          expect(new Set(first).size).toBe(count);
        },
      ),
    );
  });

  it('draws from the server generator when the request has no seed', () => {
    const server = createRng(5);
    const first = choiceSeeds(undefined, 2, server);
    const second = choiceSeeds(null, 2, server);
    expect(first).not.toEqual(second);
    expect(choiceSeeds(undefined, 2, createRng(5))).toEqual(first);
  });
});

describe('generateChoices', () => {
  it('sums completion tokens and finds the longest choice', () => {
    const generated = generateChoices({
      seeds: [1, 2, 3],
      tokenCount: 12,
      maxTokens: 5,
      stop: undefined,
      encoding: 'o200k_base',
    });
    expect(generated.choices.map((choice) => [choice.completionTokens, choice.finishReason])).toEqual([
      [5, 'length'],
      [5, 'length'],
      [5, 'length'],
    ]);
    expect(generated.completionTokens).toBe(15);
    expect(generated.longestChoiceTokens).toBe(5);
    expect(generated.longestChoicePieces).toBe(5);
    expect(new Set(generated.choices.map((choice) => choice.text)).size).toBe(3);
  });

  it('gives exactly the requested tokens without a cap', () => {
    const generated = generateChoices({
      seeds: [7],
      tokenCount: 40,
      maxTokens: undefined,
      stop: undefined,
      encoding: 'cl100k_base',
    });
    expect(generated.choices[0]).toMatchObject({ completionTokens: 40, finishReason: 'stop' });
    expect(generated.choices[0]?.pieces).toHaveLength(40);
  });

  it('refuses more completion tokens per request than it can hold', () => {
    const request = {
      tokenCount: 131_072,
      maxTokens: undefined,
      stop: undefined,
      encoding: 'o200k_base' as const,
    };
    expect(() =>
      generateChoices({ ...request, seeds: Array.from({ length: 17 }, (_, index) => index) }),
    ).toThrow(
      "Invalid 'n': 17 choices of 131072 tokens make 2228224 completion tokens, above the limit of 2097152 per request.",
    );
    expect(generateChoices({ ...request, seeds: [1, 2], maxTokens: 3 }).completionTokens).toBe(6);
  });
});

describe('stopSequences', () => {
  it('normalises the forms of stop', () => {
    expect(stopSequences(undefined)).toBeUndefined();
    expect(stopSequences(null)).toBeUndefined();
    expect(stopSequences('\n')).toEqual(['\n']);
    expect(stopSequences(['a', 'b'])).toEqual(['a', 'b']);
  });
});
