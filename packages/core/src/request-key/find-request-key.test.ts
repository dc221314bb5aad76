import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findRequestKey, findRequestKeyInText, isRequestKey, requestKeyMarker } from './find-request-key.js';

const marker = requestKeyMarker('run1-vu3.17');

describe('requestKeyMarker', () => {
  it('wraps a key in the marker', () => {
    expect(marker).toBe('[tokenpace-key:run1-vu3.17]');
  });

  it('refuses keys a marker cannot carry', () => {
    expect(() => requestKeyMarker('')).toThrow(RangeError);
    expect(() => requestKeyMarker('a b')).toThrow(/must be 1–64/);
    expect(() => requestKeyMarker('x'.repeat(65))).toThrow(RangeError);
    expect(isRequestKey('x'.repeat(64))).toBe(true);
  });
});

describe('findRequestKeyInText', () => {
  it('finds the key anywhere in the text, skipping malformed markers', () => {
    expect(findRequestKeyInText(`Summarise this. ${marker}`)).toBe('run1-vu3.17');
    expect(findRequestKeyInText('[tokenpace-key:bad key] then [tokenpace-key:good]')).toBe('good');
    expect(findRequestKeyInText('[tokenpace-key:unclosed')).toBeNull();
    expect(findRequestKeyInText('no marker')).toBeNull();
  });

  it('finds every valid key wherever it is placed (property)', () => {
    const keyCharacters = fc.constantFrom(...'abcXYZ019._-'.split(''));
    fc.assert(
      fc.property(
        fc.string({ unit: keyCharacters, minLength: 1, maxLength: 64 }),
        fc.string(),
        fc.string(),
        (key, before, after) => {
          // Text before the marker that itself opens a marker could swallow ours: leave such text out.
          fc.pre(!before.includes('[tokenpace-key:'));
          expect(findRequestKeyInText(`${before}${requestKeyMarker(key)}${after}`)).toBe(key);
        },
      ),
    );
  });
});

describe('findRequestKey', () => {
  const parts = [{ type: 'text', text: `Hello ${marker}` }];

  it.each([
    ['chat, string content', { messages: [{ role: 'user', content: `Hi ${marker}` }] }],
    [
      'chat, text parts',
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: parts },
        ],
      },
    ],
    ['legacy prompt string', { prompt: `Write ${marker}` }],
    ['legacy prompt list', { prompt: ['first', `second ${marker}`] }],
    ['Responses instructions', { instructions: `Be brief ${marker}`, input: 'Hi' }],
    ['Responses input string', { input: `Hi ${marker}` }],
    [
      'Responses input items',
      { input: [{ role: 'user', content: [{ type: 'input_text', text: `Hi ${marker}` }] }] },
    ],
    ['Anthropic system string', { system: `Be brief ${marker}`, messages: [] }],
    ['Anthropic system blocks', { system: parts, messages: [] }],
    ['Anthropic message blocks', { messages: [{ role: 'user', content: parts }] }],
    [
      'Anthropic tool_result content',
      { messages: [{ role: 'user', content: [{ type: 'tool_result', content: parts }] }] },
    ],
  ])('finds the key in %s', (_name, body) => {
    expect(findRequestKey(body)).toBe('run1-vu3.17');
  });

  it('returns null without a marker, and for bodies that are not objects', () => {
    expect(findRequestKey({ messages: [{ role: 'user', content: 'Hi' }], model: marker })).toBeNull();
    expect(findRequestKey({ input: [1, null, 'x'] })).toBeNull();
    expect(findRequestKey(null)).toBeNull();
    expect(findRequestKey([marker])).toBeNull();
    expect(findRequestKey(marker)).toBeNull();
  });
});
