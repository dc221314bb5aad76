#!/usr/bin/env node
// Prompt-token counting throughput for long prompts, in process (the function the emulator calls on
// every request): @tokenpace/core's countChatPromptTokens over a system + user conversation.
//   unique:   every prompt is new (the text cache is cleared before each count): full byte-pair work.
//   repeated: the same prompt again, as a load test sends it: the cached path.
// js-tiktoken's encode() on the same unique text is the reference, and must agree on the count.
//
//   node bench/prompt-count.mjs    # SIZES=1000,16000,128000 (approximate tokens) MIN_TIME_MS=1000
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixed, numberFromEnv, numbersFromEnv } from './lib/options.mjs';
import { promptText } from './lib/prompt-text.mjs';
import { BENCH_DIR, printTable, summarize, writeResult } from './lib/stats.mjs';

const CORE_DIR = join(BENCH_DIR, '..', 'packages', 'core');
const core = await import(pathToFileURL(join(CORE_DIR, 'dist', 'index.js')).href).catch((error) => {
  throw new Error(
    `cannot load packages/core/dist (build it: npx turbo run build --filter=@tokenpace/core): ${error}`,
  );
});
const requireFromCore = createRequire(join(CORE_DIR, 'package.json'));
const { Tiktoken } = requireFromCore('js-tiktoken/lite');

const SIZES = numbersFromEnv('SIZES', [1000, 16_000, 128_000]);
const MIN_TIME_MS = numberFromEnv('MIN_TIME_MS', 1000);
const MAX_ITERATIONS = 200;
const UNIQUE_TEXTS = 8;
/** Characters per token of this text, measured; used only to size the prompts. */
const CHARS_PER_TOKEN = 4.4;
const ENCODINGS = ['o200k_base', 'cl100k_base'];

const messagesOf = (text) => [
  { role: 'system', content: 'You are a concise assistant that answers questions about the text.' },
  { role: 'user', content: text },
];

/** Times `count(index)` until MIN_TIME_MS has passed (at least 3, at most MAX_ITERATIONS runs). */
function timeRuns(count) {
  const durationsMs = [];
  let tokens = 0;
  const startedAt = performance.now();
  for (let index = 0; index < MAX_ITERATIONS; index += 1) {
    const before = performance.now();
    tokens += count(index);
    durationsMs.push(performance.now() - before);
    if (index >= 2 && performance.now() - startedAt >= MIN_TIME_MS) break;
  }
  const totalMs = durationsMs.reduce((sum, value) => sum + value, 0);
  return { meanTokens: tokens / durationsMs.length, tokensPerMs: tokens / totalMs, durationsMs };
}

/**
 * Equal but distinct strings, as each request's parsed body brings: V8 caches a string's hash on the
 * string, so counting one string object again would skip the hashing a real repeated prompt pays.
 */
const freshCopies = (text) => Array.from({ length: MAX_ITERATIONS }, () => JSON.parse(JSON.stringify(text)));

const loads = [];
const rows = [];
for (const encoding of ENCODINGS) {
  const loadStartedAt = performance.now();
  core.countTextTokens('warm up', encoding);
  loads.push({ encoding, firstUseMs: performance.now() - loadStartedAt });
  const reference = new Tiktoken(requireFromCore(`js-tiktoken/ranks/${encoding}`));

  for (const size of SIZES) {
    const texts = Array.from({ length: UNIQUE_TEXTS }, (_, index) =>
      promptText(Math.round(size * CHARS_PER_TOKEN), 1000 * size + index),
    );
    const chars = texts[0].length;
    const unique = timeRuns((index) => {
      core.clearTextTokenCache();
      return core.countChatPromptTokens(messagesOf(texts[index % UNIQUE_TEXTS]), encoding);
    });
    core.clearTextTokenCache();
    core.countChatPromptTokens(messagesOf(texts[0]), encoding);
    const copies = freshCopies(texts[0]);
    const repeated = timeRuns((index) => core.countChatPromptTokens(messagesOf(copies[index]), encoding));
    const referenceRun = timeRuns((index) => reference.encode(texts[index % UNIQUE_TEXTS]).length);
    const expectedTextTokens = reference.encode(texts[0]).length;
    core.clearTextTokenCache();
    const countedTextTokens = core.countTextTokens(texts[0], encoding);
    if (countedTextTokens !== expectedTextTokens) {
      throw new Error(`${encoding}: core counts ${countedTextTokens}, js-tiktoken ${expectedTextTokens}`);
    }
    for (const [mode, run] of [
      ['unique', unique],
      ['repeated', repeated],
      ['js-tiktoken encode', referenceRun],
    ]) {
      const stats = summarize(run.durationsMs);
      rows.push({
        encoding,
        chars,
        promptTokens: Math.round(run.meanTokens),
        mode,
        iterations: stats.count,
        p50Ms: stats.p50,
        maxMs: stats.max,
        tokensPerSecond: run.tokensPerMs * 1000,
        megabytesPerSecond: (run.tokensPerMs * 1000 * chars) / run.meanTokens / 1e6,
      });
    }
  }
}

// Long runs without whitespace are the pathological input of byte-pair encoding (one huge pre-token).
const runOfLetters = 'a'.repeat(100_000);
const pathological = ENCODINGS.map((encoding) => {
  core.clearTextTokenCache();
  const startedAt = performance.now();
  const tokens = core.countTextTokens(runOfLetters, encoding);
  return { encoding, chars: runOfLetters.length, tokens, ms: performance.now() - startedAt };
});

console.log(
  loads
    .map((load) => `${load.encoding} table built on first use in ${fixed(load.firstUseMs, 1)} ms`)
    .join('; '),
);
printTable(
  rows.map((row) => ({
    encoding: row.encoding,
    chars: row.chars,
    'tokens (mean)': row.promptTokens,
    mode: row.mode,
    runs: row.iterations,
    'p50 ms': fixed(row.p50Ms, 3),
    'max ms': fixed(row.maxMs, 3),
    'Mtokens/s': fixed(row.tokensPerSecond / 1e6, 2),
    'MB/s': fixed(row.megabytesPerSecond, 1),
  })),
);
for (const run of pathological) {
  console.log(
    `${run.encoding}: ${run.chars} letters without a space → ${run.tokens} tokens in ${fixed(run.ms, 1)} ms`,
  );
}
const file = writeResult('prompt-count', {
  parameters: { sizes: SIZES, minTimeMs: MIN_TIME_MS, uniqueTexts: UNIQUE_TEXTS },
  tableFirstUse: loads,
  rows,
  pathological,
});
console.log(`wrote ${file}`);
