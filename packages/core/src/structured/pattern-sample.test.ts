import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../timing/rng.js';
import { samplePattern } from './pattern-sample.js';

/** Patterns of the kind tool schemas carry: codes, identifiers, phone numbers, versions, colours. */
const SUPPORTED = [
  '^[A-Z]{3}$',
  '^\\d{3}-\\d{4}$',
  '^[a-z0-9_-]{3,16}$',
  '^(red|green|blue)$',
  '^#[0-9a-fA-F]{6}$',
  '^[A-Z][a-z]+( [A-Z][a-z]+)*$',
  '^\\+?[0-9]{7,12}$',
  '^v\\d+\\.\\d+\\.\\d+$',
  '[a-z]+@[a-z]+\\.com',
  '^[^\\s]+$',
  '^(?:[01]\\d|2[0-3]):[0-5]\\d$',
  '^[A-Z]{2}-\\d{2,4}[a-z]?$',
  '^\\w+$',
  '^.{2,5}$',
  '^[\\u0041-\\u0046]{2}$',
  'abc',
];

describe('samplePattern', () => {
  it('finds a matching sample of every supported pattern, for any seed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SUPPORTED), fc.integer(), (pattern, seed) => {
        const sample = samplePattern(pattern, createRng(seed));
        expect(sample).not.toBeNull();
        expect(new RegExp(pattern, 'u').test(sample as string)).toBe(true);
      }),
    );
  });

  it('is a fixed function of the seed', () => {
    expect(samplePattern('^[A-Z]{2}-\\d{3}$', createRng(7))).toBe(
      samplePattern('^[A-Z]{2}-\\d{3}$', createRng(7)),
    );
    expect(samplePattern('^(red|green|blue)$', createRng(1))).toMatch(/^(red|green|blue)$/);
  });

  it('gives up on lookarounds, backreferences and invalid patterns', () => {
    for (const pattern of ['^(?=.*\\d)[a-z\\d]{8}$', '^(a)\\1$', '^(?!x)y$', '[', '\\p{L}+']) {
      expect(samplePattern(pattern, createRng(1))).toBeNull();
    }
  });
});
