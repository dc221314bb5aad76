#!/usr/bin/env node
// Structured-output generation time, in process (the function the emulator calls for every JSON answer
// and tool call): @tokenpace/core's generateJson for typical schemas at growing targets. Each run uses
// a new seed, so every document is new; the rank tables are built before timing. Time should grow
// linearly with the target; the table prints ms per 1,000 tokens to show it.
//
//   node bench/structured-json.mjs    # TARGETS=300,2000,8000,32000 MIN_TIME_MS=500
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixed, numberFromEnv, numbersFromEnv } from './lib/options.mjs';
import { BENCH_DIR, printTable, summarize, writeResult } from './lib/stats.mjs';

const CORE_DIR = join(BENCH_DIR, '..', 'packages', 'core');
const core = await import(pathToFileURL(join(CORE_DIR, 'dist', 'index.js')).href).catch((error) => {
  throw new Error(
    `cannot load packages/core/dist (build it: npx turbo run build --filter=@tokenpace/core): ${error}`,
  );
});

const TARGETS = numbersFromEnv('TARGETS', [300, 2000, 8000, 32_000]);
const MIN_TIME_MS = numberFromEnv('MIN_TIME_MS', 500);
const MAX_ITERATIONS = 500;
const ENCODING = 'o200k_base';

const SCHEMAS = {
  'json_object (no schema)': null,
  'strict tool (strings, enum, date-time, nullable, array of objects)': {
    type: 'object',
    properties: {
      query: { type: 'string' },
      limit: { type: ['integer', 'null'], minimum: 1, maximum: 50 },
      since: { type: 'string', format: 'date-time' },
      filters: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            field: { type: 'string', enum: ['title', 'body', 'author'] },
            value: { type: 'string' },
          },
          required: ['field', 'value'],
          additionalProperties: false,
        },
      },
    },
    required: ['query', 'limit', 'since', 'filters'],
    additionalProperties: false,
  },
  'recursive tree ($ref)': {
    $defs: {
      node: {
        type: 'object',
        properties: {
          label: { type: 'string' },
          children: { type: 'array', items: { $ref: '#/$defs/node' } },
        },
        required: ['label'],
      },
    },
    $ref: '#/$defs/node',
  },
  'array of digits (no free string)': {
    type: 'object',
    properties: { values: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 9 } } },
    required: ['values'],
    additionalProperties: false,
  },
};

core.preloadEncodings([ENCODING]);
let seed = 1;
const rows = [];
for (const [name, schema] of Object.entries(SCHEMAS)) {
  for (const targetTokens of TARGETS) {
    for (let warm = 0; warm < 3; warm += 1)
      core.generateJson({ schema, targetTokens, encoding: ENCODING, seed: seed++ });
    const durationsMs = [];
    let exact = 0;
    const startedAt = performance.now();
    for (let index = 0; index < MAX_ITERATIONS; index += 1) {
      const before = performance.now();
      const document = core.generateJson({ schema, targetTokens, encoding: ENCODING, seed: seed++ });
      durationsMs.push(performance.now() - before);
      if (document.tokens === targetTokens) exact += 1;
      if (index >= 2 && performance.now() - startedAt >= MIN_TIME_MS) break;
    }
    const stats = summarize(durationsMs);
    rows.push({
      schema: name,
      targetTokens,
      runs: stats.count,
      exact,
      p50Ms: stats.p50,
      p99Ms: stats.p99,
      maxMs: stats.max,
    });
  }
}

printTable(
  rows.map((row) => ({
    schema: row.schema,
    target: row.targetTokens,
    runs: row.runs,
    exact: `${row.exact}/${row.runs}`,
    'p50 ms': fixed(row.p50Ms, 3),
    'p99 ms': fixed(row.p99Ms, 3),
    'max ms': fixed(row.maxMs, 3),
    'p50 ms / 1k tokens': fixed((row.p50Ms * 1000) / row.targetTokens, 3),
  })),
);
const file = writeResult('structured-json', {
  parameters: { targets: TARGETS, minTimeMs: MIN_TIME_MS, encoding: ENCODING },
  rows,
});
console.log(`wrote ${file}`);
