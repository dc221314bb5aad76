import type { TextTokenCounter } from './chat-prompt.js';
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
function countPromptInput(
  input: PromptInput,
  encoding: EncodingName,
  field: string,
  countText: TextTokenCounter,
): number {
  if (typeof input === 'string') return countText(input, encoding);
  if (!Array.isArray(input)) {
    throw new TokensError(
      'invalid_prompt_input',
      `${field} must be a string or an array, got ${typeof input}.`,
    );
  }
  let tokens = 0;
  for (const member of input as readonly unknown[]) {
    if (typeof member === 'string') tokens += countText(member, encoding);
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

/** Prompt tokens of a legacy completions request, summed over every prompt it carries (texts by `countText`). */
export function countCompletionPromptTokens(
  prompt: PromptInput,
  encoding: EncodingName,
  countText: TextTokenCounter = countTextTokens,
): number {
  return countPromptInput(prompt, encoding, 'prompt', countText);
}

/** Tokens of an embeddings request's input, summed over every input it carries (texts by `countText`). */
export function countEmbeddingInputTokens(
  input: PromptInput,
  encoding: EncodingName,
  countText: TextTokenCounter = countTextTokens,
): number {
  return countPromptInput(input, encoding, 'input', countText);
}
