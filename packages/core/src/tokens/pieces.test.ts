import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { FOLLOWING_PIECES, OPENING_PIECES } from './pieces.generated.js';

const references = [new Tiktoken(cl100kBase), new Tiktoken(o200kBase)];

describe('generated pieces', () => {
  it('ships a few hundred to a few thousand distinct words of each kind', () => {
    for (const pieces of [OPENING_PIECES, FOLLOWING_PIECES]) {
      expect(pieces.length).toBeGreaterThanOrEqual(300);
      expect(pieces.length).toBeLessThanOrEqual(5000);
      expect(new Set(pieces).size).toBe(pieces.length);
    }
  });

  it('holds exactly one word start and no other whitespace per piece', () => {
    for (const piece of OPENING_PIECES) expect(piece).toMatch(/^[A-Z][a-z]*$/);
    for (const piece of FOLLOWING_PIECES) expect(piece).toMatch(/^ [a-z]+$/);
  });

  it('makes every piece a single token in both encodings', () => {
    for (const reference of references) {
      for (const piece of [...OPENING_PIECES, ...FOLLOWING_PIECES]) {
        expect(reference.encode(piece, [], []), piece).toHaveLength(1);
      }
    }
  });

  it('never merges an opening piece with the piece after it', () => {
    for (const reference of references) {
      OPENING_PIECES.forEach((opening, index) => {
        const pair = opening + FOLLOWING_PIECES[index % FOLLOWING_PIECES.length];
        expect(reference.encode(pair, [], []), pair).toHaveLength(2);
      });
    }
  });
});
