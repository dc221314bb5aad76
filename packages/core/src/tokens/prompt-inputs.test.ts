import { describe, expect, it } from 'vitest';
import { TokensError } from './errors.js';
import { countCompletionPromptTokens, countEmbeddingInputTokens } from './prompt-inputs.js';

describe.each([
  ['countCompletionPromptTokens', countCompletionPromptTokens, 'prompt'],
  ['countEmbeddingInputTokens', countEmbeddingInputTokens, 'input'],
] as const)('%s', (_name, count, field) => {
  it('tokenizes a string', () => {
    expect(count('tiktoken is great!', 'cl100k_base')).toBe(6);
    expect(count('', 'cl100k_base')).toBe(0);
  });

  it('sums a list of strings', () => {
    expect(count(['tiktoken is great!', 'hello world', ''], 'o200k_base')).toBe(8);
  });

  it('counts a token array by its length', () => {
    expect(count([83, 1609, 5963, 374, 2294, 0], 'cl100k_base')).toBe(6);
  });

  it('sums the lengths of token arrays', () => {
    expect(count([[1, 2, 3], [4], []], 'o200k_base')).toBe(4);
  });

  it('counts an empty list as no tokens', () => {
    expect(count([], 'o200k_base')).toBe(0);
  });

  it('rejects members of other types with a stable code', () => {
    const invalid = [{ text: 'hi' }] as unknown as string[];
    expect(() => count(invalid, 'o200k_base')).toThrowError(TokensError);
    expect(() => count(invalid, 'o200k_base')).toThrowError(
      expect.objectContaining({ code: 'invalid_prompt_input' }),
    );
    expect(() => count([['x']] as unknown as number[][], 'o200k_base')).toThrowError(field);
    expect(() => count(42 as unknown as string, 'o200k_base')).toThrowError(TokensError);
  });
});
