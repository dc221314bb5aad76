// Benchmarks token counting against js-tiktoken's own encoder: table load time and heap, prompt
// throughput, pathological runs, and what segmenting very long runs costs in exactness.
//
// Usage (from packages/core, after `npm run build` or turbo): node --expose-gc scripts/bench-tokens.mjs [--json out.json]

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { countBytePairTokens } from '../dist/tokens/byte-pair-count.js';
import { bpeTable } from '../dist/tokens/encodings.js';
import { clearTextTokenCache, countTextTokens, PRE_TOKEN_SEGMENT_BYTES } from '../dist/tokens/text-tokens.js';

const SOURCES = { cl100k_base: cl100kBase, o200k_base: o200kBase };

function heapMiB() {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1_048_576;
}

function timeMs(action) {
  const started = performance.now();
  const result = action();
  return { ms: performance.now() - started, result };
}

/** Deterministic pseudo-random lowercase letters. */
function randomLetters(length, seed) {
  let state = seed >>> 0;
  const letters = new Array(length);
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    letters[index] = String.fromCharCode(97 + ((state >>> 16) % 26));
  }
  return letters.join('');
}

const PROMPT =
  'You are a helpful assistant. Summarise the following report in three bullet points, keeping every ' +
  'number exact: revenue grew 12.5% to $4.2M in Q3 (Q2: $3.7M); churn fell from 3.1% to 2.4%. ' +
  'Café owners in Zürich and 東京 asked for invoices in CHF and ¥. {"id": 42, "tags": ["a", "b"]}\n\n';

const rows = [];
const record = (row) => {
  rows.push(row);
  console.log(
    [row.encoding.padEnd(12), row.case.padEnd(34), String(row.value).padStart(12), row.unit].join('  '),
  );
};

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length}\n`);
for (const encoding of ['cl100k_base', 'o200k_base']) {
  let before = heapMiB();
  const ownLoad = timeMs(() => bpeTable(encoding));
  record({ encoding, case: 'load: tokenpace table', value: ownLoad.ms.toFixed(0), unit: 'ms' });
  record({ encoding, case: 'heap: tokenpace table', value: (heapMiB() - before).toFixed(1), unit: 'MiB' });
  before = heapMiB();
  const libraryLoad = timeMs(() => new Tiktoken(SOURCES[encoding]));
  const library = libraryLoad.result;
  record({ encoding, case: 'load: js-tiktoken encoder', value: libraryLoad.ms.toFixed(0), unit: 'ms' });
  record({
    encoding,
    case: 'heap: js-tiktoken encoder',
    value: (heapMiB() - before).toFixed(1),
    unit: 'MiB',
  });

  const prompts = PROMPT.repeat(2000);
  clearTextTokenCache();
  const own = timeMs(() => countTextTokens(prompts, encoding));
  const reference = timeMs(() => library.encode(prompts, [], []).length);
  if (own.result !== reference.result) throw new Error(`${encoding}: ${own.result} ≠ ${reference.result}`);
  const megabytes = prompts.length / 1e6;
  record({
    encoding,
    case: 'prompt text: tokenpace',
    value: (megabytes / (own.ms / 1000)).toFixed(1),
    unit: 'MB/s',
  });
  record({
    encoding,
    case: 'prompt text: js-tiktoken',
    value: (megabytes / (reference.ms / 1000)).toFixed(1),
    unit: 'MB/s',
  });
  const cached = timeMs(() => countTextTokens(prompts, encoding));
  record({ encoding, case: 'prompt text: cache hit', value: (cached.ms * 1000).toFixed(0), unit: 'µs' });

  const run3k = randomLetters(3000, 1);
  record({
    encoding,
    case: '3,000-letter run: tokenpace',
    value: timeMs(() => countBytePairTokens(run3k, bpeTable(encoding))).ms.toFixed(2),
    unit: 'ms',
  });
  record({
    encoding,
    case: '3,000-letter run: js-tiktoken',
    value: timeMs(() => library.encode(run3k, [], [])).ms.toFixed(0),
    unit: 'ms',
  });

  for (const [label, text] of [
    ['1 MB of "a"', 'a'.repeat(1_000_000)],
    ['1 MB of spaces', ' '.repeat(1_000_000)],
    ['1 MB of random letters', randomLetters(1_000_000, 2)],
  ]) {
    clearTextTokenCache();
    const counted = timeMs(() => countTextTokens(text, encoding));
    record({ encoding, case: `${label}: time`, value: counted.ms.toFixed(0), unit: 'ms' });
    // The same run merged whole, without segments: what the cut at PRE_TOKEN_SEGMENT_BYTES costs.
    const exact = countBytePairTokens(text, bpeTable(encoding));
    record({ encoding, case: `${label}: segmented − exact`, value: counted.result - exact, unit: 'tokens' });
  }
}
console.log(`\nsegments of ${PRE_TOKEN_SEGMENT_BYTES} bytes`);

const jsonIndex = process.argv.indexOf('--json');
if (jsonIndex >= 0 && process.argv[jsonIndex + 1]) {
  writeFileSync(
    process.argv[jsonIndex + 1],
    `${JSON.stringify({ node: process.version, cpu: os.cpus()[0]?.model, rows }, null, 2)}\n`,
  );
}
