import type { EncodingName } from './encodings.js';
import { TokensError } from './errors.js';
import { countTextTokens } from './text-tokens.js';

/** The forms OpenAI accepts for a completions `prompt` and an embeddings `input`. */
export type PromptInput = string | readonly string[] | readonly number[] | readonly (readonly number[])[];

function tokenIdsLength(ids: readonly unknown[], field: string): number {
  for (const id of ids) {
    if (typeof id !== 'number') {
      throw new TokensError(
        'invalid_prompt_input',
        `${field} token arrays hold numbers only, got ${typeof id}.`,
      );
    }
  }
  return ids.length;
}

/** Text is tokenized, a token-id array counts its length; a list of either sums its members. */
function countPromptInput(input: PromptInput, encoding: EncodingName, field: string): number {
  if (typeof input === 'string') return countTextTokens(input, encoding);
  if (!Array.isArray(input)) {
    throw new TokensError(
      'invalid_prompt_input',
      `${field} must be a string or an array, got ${typeof input}.`,
    );
  }
  let tokens = 0;
  for (const member of input as readonly unknown[]) {
    if (typeof member === 'string') tokens += countTextTokens(member, encoding);
    else if (typeof member === 'number') tokens += 1;
    else if (Array.isArray(member)) tokens += tokenIdsLength(member, field);
    else {
      throw new TokensError(
        'invalid_prompt_input',
        `${field} members must be strings, token ids or token arrays, got ${member === null ? 'null' : typeof member}.`,
      );
    }
  }
  return tokens;
}

/** Prompt tokens of a legacy completions request, summed over every prompt it carries. */
export function countCompletionPromptTokens(prompt: PromptInput, encoding: EncodingName): number {
  return countPromptInput(prompt, encoding, 'prompt');
}

/** Tokens of an embeddings request's input, summed over every input it carries. */
export function countEmbeddingInputTokens(input: PromptInput, encoding: EncodingName): number {
  return countPromptInput(input, encoding, 'input');
}
