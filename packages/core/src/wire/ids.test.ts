import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../timing/rng.js';
import { chatCompletionId, completionId, requestId, systemFingerprint } from './ids.js';

describe('id helpers', () => {
  it('yield the pinned ids for seed 7, drawing from one rng in turn', () => {
    const rng = createRng(7);
    expect(chatCompletionId(rng)).toBe('chatcmpl-Tvec0o1OJgDzFfB8sZHTiniPMJLMm');
    expect(completionId(rng)).toBe('cmpl-95SdYL96zb999jqSh6VXArB8K7tnt');
    expect(requestId(rng)).toBe('req_9eb7fd110fb03aefef5ba3c5fb0a61a1');
    expect(systemFingerprint(rng)).toBe('fp_1f1f24d70e');
  });

  it('have the shapes of the API for any seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = createRng(seed);
        expect(chatCompletionId(rng)).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
        expect(completionId(rng)).toMatch(/^cmpl-[A-Za-z0-9]{29}$/);
        expect(requestId(rng)).toMatch(/^req_[0-9a-f]{32}$/);
        expect(systemFingerprint(rng)).toMatch(/^fp_[0-9a-f]{10}$/);
      }),
    );
  });

  it('reach the last letter of the alphabet at the top of the rng range', () => {
    const top = () => 1 - 2 ** -32;
    expect(chatCompletionId(top)).toBe(`chatcmpl-${'9'.repeat(29)}`);
    expect(systemFingerprint(top)).toBe('fp_ffffffffff');
  });
});
