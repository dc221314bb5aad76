import { describe, expect, it } from 'vitest';
import { TokensError } from '../tokens/errors.js';
import { scriptedOutput } from './scripted-output.js';
import { tokenizeToPieces } from './token-pieces.js';

const text = tokenizeToPieces('The quick brown fox jumps over the lazy dog.', 'o200k_base');

describe('scriptedOutput', () => {
  it('says the whole text, one piece per token, finishing with stop', () => {
    expect(scriptedOutput(text, { encoding: 'o200k_base' })).toEqual({
      pieces: ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.'],
      text: 'The quick brown fox jumps over the lazy dog.',
      completionTokens: 10,
      finishReason: 'stop',
    });
  });

  it('stops at max tokens with length', () => {
    expect(scriptedOutput(text, { encoding: 'o200k_base', maxTokens: 3 })).toEqual({
      pieces: ['The', ' quick', ' brown'],
      text: 'The quick brown',
      completionTokens: 3,
      finishReason: 'length',
    });
    expect(scriptedOutput(text, { encoding: 'o200k_base', maxTokens: 10 }).finishReason).toBe('stop');
    expect(scriptedOutput(text, { encoding: 'o200k_base', maxTokens: 0 })).toMatchObject({
      pieces: [],
      completionTokens: 0,
      finishReason: 'length',
    });
  });

  it('cuts before the first stop sequence, counting the cut piece', () => {
    expect(scriptedOutput(text, { encoding: 'o200k_base', stop: ['ump', 'lazy'] })).toEqual({
      pieces: ['The', ' quick', ' brown', ' fox', ' j'],
      text: 'The quick brown fox j',
      completionTokens: 5,
      finishReason: 'stop',
    });
    expect(scriptedOutput(text, { encoding: 'o200k_base', stop: ['', ' brown'] })).toEqual({
      pieces: ['The', ' quick'],
      text: 'The quick',
      completionTokens: 2,
      finishReason: 'stop',
    });
  });

  it('never cuts a character apart at max tokens: a multi-token piece goes whole or not at all', () => {
    const emoji = tokenizeToPieces('Go 🦙', 'cl100k_base');
    const emojiTokens = emoji.pieceTokens.at(-1) as number;
    expect(emojiTokens).toBeGreaterThan(1);
    expect(scriptedOutput(emoji, { encoding: 'cl100k_base', maxTokens: 1 + emojiTokens - 1 })).toMatchObject({
      pieces: ['Go'],
      completionTokens: 1,
      finishReason: 'length',
    });
  });

  it('rejects a max tokens value that is not a non-negative integer', () => {
    expect(() => scriptedOutput(text, { encoding: 'o200k_base', maxTokens: -1 })).toThrow(TokensError);
  });
});
