import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countChatPromptTokens } from './chat-prompt.js';
import { ESTIMATE_BYTES_PER_TOKEN, estimateTextTokens, utf8ByteLength } from './estimate-tokens.js';
import { countCompletionPromptTokens, countEmbeddingInputTokens } from './prompt-inputs.js';

const encoder = new TextEncoder();

describe('utf8ByteLength', () => {
  it('equals the length TextEncoder writes, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(utf8ByteLength(text)).toBe(encoder.encode(text).length);
      }),
      { numRuns: 500 },
    );
    expect(utf8ByteLength('\ud800x\udc00')).toBe(7);
  });
});

describe('estimateTextTokens', () => {
  it('divides the UTF-8 length by the calibrated ratio, rounding up', () => {
    expect(estimateTextTokens('', 'o200k_base')).toBe(0);
    expect(estimateTextTokens('a', 'o200k_base')).toBe(1);
    expect(estimateTextTokens('x'.repeat(43), 'cl100k_base')).toBe(10);
    expect(estimateTextTokens('é'.repeat(43), 'cl100k_base')).toBe(20);
    expect(ESTIMATE_BYTES_PER_TOKEN).toEqual({ cl100k_base: 4.3, o200k_base: 4.3 });
  });

  it('replaces the exact count in the prompt formulas, keeping their structure', () => {
    const messages = [
      { role: 'system', content: 'x'.repeat(43) },
      { role: 'user', name: 'ann', content: [{ type: 'text', text: 'y'.repeat(86) }] },
    ];
    // 3 priming + 2 × 3 per message + 'system' (6 bytes: 2) + 10 + 'user' (1) + 'ann' (1) + 1 per name + 20.
    expect(countChatPromptTokens(messages, 'o200k_base', estimateTextTokens)).toBe(
      3 + 6 + 2 + 10 + 1 + 1 + 1 + 20,
    );
    expect(countCompletionPromptTokens(['x'.repeat(43), 'z'], 'o200k_base', estimateTextTokens)).toBe(11);
    expect(countEmbeddingInputTokens([[1, 2, 3]], 'o200k_base', estimateTextTokens)).toBe(3);
    // The default stays exact.
    expect(countCompletionPromptTokens('hello world', 'o200k_base')).toBe(2);
  });
});
