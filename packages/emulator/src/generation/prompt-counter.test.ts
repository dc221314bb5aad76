import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  countChatPromptTokens,
  countCompletionPromptTokens,
  estimateTextTokens,
  rankTableBinary,
  TokensError,
} from '@tokenpace/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { OFFLOAD_PROMPT_CHARS, PromptCounter, textCharsUpTo } from './prompt-counter.js';

const exact = new PromptCounter('exact');
const estimate = new PromptCounter('estimate');
afterAll(async () => {
  await exact.close();
  await estimate.close();
});

/** The longest gap between ticks of a 1 ms interval while `work` runs: how long the event loop was blocked. */
async function longestLoopGapMs(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  return Math.max(longest, performance.now() - last);
}

describe('textCharsUpTo', () => {
  it('sums the characters of every string, nested or not, and stops once past the limit', () => {
    expect(textCharsUpTo([{ role: 'user', content: [{ type: 'text', text: 'abc' }] }], 100)).toBe(11);
    expect(textCharsUpTo(['x'.repeat(50), 'y'.repeat(50), 'z'.repeat(50)], 60)).toBeLessThanOrEqual(110);
    expect(textCharsUpTo([1, 2, null, true], 10)).toBe(0);
  });
});

describe('PromptCounter', () => {
  it('counts small prompts at once and exactly', () => {
    const messages = [{ role: 'user', content: 'Hello there, how are you?' }];
    expect(exact.count('chat', messages, 'o200k_base')).toBe(countChatPromptTokens(messages, 'o200k_base'));
  });

  it('counts large prompts on the thread, exactly as the event loop would', async () => {
    const word = fc.stringMatching(/^[a-zA-Z]{1,9}$/);
    const text = fc
      .array(fc.oneof(word, fc.constantFrom(' ', '\n', '  ', '。', '{"a":1}', '🙂')), {
        minLength: 2_000,
        maxLength: 3_000,
      })
      .map((parts) => parts.join(' '));
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.constantFrom('o200k_base' as const, 'cl100k_base' as const),
        async (prompt, encoding) => {
          const messages = [
            { role: 'system', content: prompt },
            { role: 'user', content: [{ type: 'text', text: prompt.slice(0, 100) }] },
          ];
          expect(textCharsUpTo(messages, OFFLOAD_PROMPT_CHARS)).toBeGreaterThan(OFFLOAD_PROMPT_CHARS);
          const counted = exact.count('chat', messages, encoding);
          expect(counted).toBeInstanceOf(Promise);
          expect(await counted).toBe(countChatPromptTokens(messages, encoding));
        },
      ),
      { numRuns: 8 },
    );
  });

  it('counts a prompt at the threshold inline within a bound, even of the slowest text measured', () => {
    // Whitespace runs and CJK cost up to about 1.3 µs per character: some 10 ms at the threshold, here allowed
    // ten times that for a busy machine. Counted on the event loop, this is the longest a prompt may hold it.
    const cjk = '的一是不了人我在有他这为之大来以个中上们';
    const prompt = (' '.repeat(97) + cjk).repeat(Math.floor(OFFLOAD_PROMPT_CHARS / (97 + cjk.length)));
    expect(prompt.length).toBeLessThanOrEqual(OFFLOAD_PROMPT_CHARS);
    const startedAt = performance.now();
    const counted = exact.count('completion', prompt, 'cl100k_base');
    expect(typeof counted).toBe('number');
    expect(performance.now() - startedAt).toBeLessThan(100);
  });

  it('keeps the event loop free while a pathological prompt is counted', async () => {
    // Long whitespace runs are the slowest input per character: about a second on the event loop.
    const prompt = ' '.repeat(400_000) + '的一是不了人我在有他这为之大来以个中上们'.repeat(10_000);
    let tokens = 0;
    const gapMs = await longestLoopGapMs(async () => {
      tokens = await exact.count('completion', prompt, 'cl100k_base');
    });
    expect(tokens).toBe(countCompletionPromptTokens(prompt, 'cl100k_base'));
    expect(gapMs).toBeLessThan(150);
  });

  it('fails a large prompt with the same error the event loop would give', async () => {
    const prompt = ['x'.repeat(OFFLOAD_PROMPT_CHARS + 1), { not: 'a prompt' }];
    const inline = (() => {
      try {
        countCompletionPromptTokens(prompt as never, 'o200k_base');
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(inline).toBeInstanceOf(TokensError);
    const threaded = await Promise.resolve(exact.count('completion', prompt, 'o200k_base')).catch(
      (error) => error,
    );
    expect(threaded).toBeInstanceOf(TokensError);
    expect(threaded).toMatchObject({
      code: (inline as TokensError).code,
      message: (inline as TokensError).message,
    });
  });

  it('estimates from UTF-8 length in estimate mode, at once, whatever the size', () => {
    const messages = [{ role: 'user', content: 'é'.repeat(100_000) }];
    expect(estimate.count('chat', messages, 'o200k_base')).toBe(
      countChatPromptTokens(messages, 'o200k_base', estimateTextTokens),
    );
    expect(estimate.count('embedding', [[1, 2, 3], [4]], 'o200k_base')).toBe(4);
  });
});

describe('PromptCounter.warm', () => {
  it('makes the tables after the fact, and a count that needs one meanwhile waits for it and is exact', async () => {
    // Fresh modules, so that no table is made yet: this worker's other tests have made them all.
    vi.resetModules();
    const fresh = await import('./prompt-counter.js');
    const rankTables = await import('./rank-tables.js');
    const freshCore = await import('@tokenpace/core');
    const directory = pathToFileURL(`${mkdtempSync(join(tmpdir(), 'tokenpace-ranks-'))}/`);
    // o200k_base from its prebuilt file; cl100k_base has none, so it is built from the rank text.
    writeFileSync(new URL(rankTables.rankFileName('o200k_base'), directory), rankTableBinary('o200k_base'));
    rankTables.usePrebuiltRankFiles(directory);
    const counter = new fresh.PromptCounter('exact');
    const messages = [{ role: 'user', name: 'ada', content: 'Grüße! 東京の天気は？ 🙂 Order 1234567.' }];

    const warmed = counter.warm(['o200k_base', 'cl100k_base']);
    const early = counter.count('chat', messages, 'o200k_base');
    expect(early).toBeInstanceOf(Promise);
    expect(freshCore.hasBpeTable('o200k_base')).toBe(false);
    expect(await early).toBe(countChatPromptTokens(messages, 'o200k_base'));
    await warmed;
    expect(freshCore.hasBpeTable('cl100k_base')).toBe(true);
    expect(counter.count('chat', messages, 'cl100k_base')).toBe(
      countChatPromptTokens(messages, 'cl100k_base'),
    );
    rankTables.usePrebuiltRankFiles(null);
    await counter.close();
  });

  it('has nothing to make when prompts are estimated', async () => {
    await estimate.warm(['o200k_base']);
    expect(estimate.count('chat', [{ role: 'user', content: 'abcd' }], 'o200k_base')).toBe(8);
  });
});
