import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chatContentChunk } from './chat-completion-chunk.js';
import { createCompletionChunkEncoder, createContentChunkEncoder } from './chunk-encoders.js';
import { completionChunk } from './text-completion.js';

/** Text that JSON must escape, plus text that imitates the templates' own anchors. */
const awkwardText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '"',
      '\\',
      '\n',
      '\r',
      '\t',
      '\u0000',
      '\u001f',
      '\u007f',
      '\u2028',
      'é',
      '😀',
      '\ud800',
      '\udfff',
      '/',
      'a',
    ),
    maxLength: 20,
  }),
  fc.constantFrom(
    '"choices":[{"index":0,"delta":{"content":""}',
    '"choices":[{"text":"","index":0,',
    '0',
    '""',
    '',
  ),
);

const identityArbitrary = fc.record({
  id: awkwardText,
  created: fc.nat(),
  model: awkwardText,
  systemFingerprint: awkwardText,
  serviceTier: fc.option(awkwardText, { nil: undefined }),
});

describe('createContentChunkEncoder', () => {
  it('produces exactly JSON.stringify(chatContentChunk(...)) for any identity, index and piece', () => {
    fc.assert(
      fc.property(
        identityArbitrary,
        fc.array(fc.tuple(fc.nat({ max: 127 }), awkwardText, fc.boolean())),
        (identity, tokens) => {
          const encode = createContentChunkEncoder(identity);
          for (const [choiceIndex, piece, includeUsage] of tokens) {
            const expected = JSON.stringify(chatContentChunk(identity, choiceIndex, piece, includeUsage));
            expect(encode(choiceIndex, piece, includeUsage)).toBe(expected);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('produces parseable JSON carrying the piece unchanged', () => {
    const encode = createContentChunkEncoder({
      id: 'chatcmpl-x',
      created: 1,
      model: 'm',
      systemFingerprint: 'fp_0',
    });
    const parsed = JSON.parse(encode(3, ' "quoted"\\\n', true));
    expect(parsed.choices[0].delta.content).toBe(' "quoted"\\\n');
    expect(parsed.choices[0].index).toBe(3);
    expect(parsed.usage).toBeNull();
  });
});

describe('createCompletionChunkEncoder', () => {
  it('produces exactly JSON.stringify(completionChunk(..., null, ...)) for any identity, index and text', () => {
    fc.assert(
      fc.property(
        identityArbitrary,
        fc.array(fc.tuple(fc.nat({ max: 127 }), awkwardText, fc.boolean())),
        (identity, tokens) => {
          const encode = createCompletionChunkEncoder(identity);
          for (const [choiceIndex, text, includeUsage] of tokens) {
            const expected = JSON.stringify(completionChunk(identity, choiceIndex, text, null, includeUsage));
            expect(encode(choiceIndex, text, includeUsage)).toBe(expected);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
