import { describe, expect, it } from 'vitest';
import { parseOutputLength } from './output-length.js';
import { TimingParseError } from './timing-parse-error.js';

describe('parseOutputLength', () => {
  it.each([
    ['1', 1],
    ['20', 20],
    [' 020 ', 20],
    ['131072', 131_072],
  ])('accepts %j', (text, expected) => {
    expect(parseOutputLength(text, 'X-OUTPUT-LENGTH', 131_072)).toBe(expected);
  });

  it.each([
    ['0', 'is zero; the output length is a number of tokens from 1 to 131072.'],
    ['-3', 'is negative; the output length is a number of tokens from 1 to 131072.'],
    ['2.5', 'is not a whole number; the output length is a number of tokens from 1 to 131072.'],
    ['1e3', 'is not a whole number; the output length is a number of tokens from 1 to 131072.'],
    ['', 'is not a whole number; the output length is a number of tokens from 1 to 131072.'],
    ['twenty', 'is not a whole number; the output length is a number of tokens from 1 to 131072.'],
    ['131073', 'is above the cap of 131072 tokens.'],
    ['9'.repeat(400), 'is above the cap of 131072 tokens.'],
  ])('rejects %j', (text, reason) => {
    let caught: unknown;
    try {
      parseOutputLength(text, 'X-OUTPUT-LENGTH', 131_072);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TimingParseError);
    const quoted = text.length > 80 ? `${text.slice(0, 80)}…` : text;
    expect(caught).toMatchObject({
      code: 'invalid_timing_value',
      param: 'X-OUTPUT-LENGTH',
      message: `Invalid X-OUTPUT-LENGTH header: '${quoted}' ${reason}`,
    });
  });
});
