import { describe, expect, it } from 'vitest';
import { encodingForModel } from './model-encoding.js';

describe('encodingForModel', () => {
  it.each([
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['gpt-3.5-turbo-0125', 'cl100k_base'],
    ['gpt-3.5-turbo-instruct', 'cl100k_base'],
    ['gpt-35-turbo', 'cl100k_base'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-4-0613', 'cl100k_base'],
    ['gpt-4-32k', 'cl100k_base'],
    ['gpt-4-turbo', 'cl100k_base'],
    ['gpt-4-turbo-2024-04-09', 'cl100k_base'],
    ['gpt-4-1106-preview', 'cl100k_base'],
    ['text-embedding-ada-002', 'cl100k_base'],
    ['text-embedding-3-small', 'cl100k_base'],
    ['text-embedding-3-large', 'cl100k_base'],
    ['gpt-4o', 'o200k_base'],
    ['gpt-4o-mini-2024-07-18', 'o200k_base'],
    ['gpt-4.1', 'o200k_base'],
    ['gpt-4.1-nano-2025-04-14', 'o200k_base'],
    ['gpt-4.5-preview', 'o200k_base'],
    ['gpt-5', 'o200k_base'],
    ['gpt-5-mini-2025-08-07', 'o200k_base'],
    ['o1', 'o200k_base'],
    ['o1-mini', 'o200k_base'],
    ['o3-mini-2025-01-31', 'o200k_base'],
    ['o4-mini', 'o200k_base'],
    ['chatgpt-4o-latest', 'o200k_base'],
  ] as const)('%s → %s', (model, encoding) => {
    expect(encodingForModel(model)).toBe(encoding);
  });

  it.each([
    ['ft:gpt-3.5-turbo-0125:acme::9abcDEF', 'cl100k_base'],
    ['ft:gpt-4o-mini-2024-07-18:acme:run-1:9abcDEF', 'o200k_base'],
    ['openai/gpt-4-turbo', 'cl100k_base'],
    ['azure/openai/gpt-4o', 'o200k_base'],
    ['GPT-4', 'cl100k_base'],
    ['  gpt-3.5-turbo  ', 'cl100k_base'],
  ] as const)('sees through fine-tune ids, router prefixes and case: %s → %s', (model, encoding) => {
    expect(encodingForModel(model)).toBe(encoding);
  });

  it.each(['', 'llama-3-70b', 'gpt-4x', 'mistral-large', 'claude-sonnet', 'davinci-002'])(
    'defaults to o200k_base for the unknown name %j',
    (model) => {
      expect(encodingForModel(model)).toBe('o200k_base');
    },
  );
});
