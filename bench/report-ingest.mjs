#!/usr/bin/env node
// Report ingest speed: how fast does the HDR report read k6 `--out json` output?
//
// Generates a synthetic k6 NDJSON.gz in a temp dir — SAMPLES tokenpace samples with the extension's tags,
// interleaved with k6 built-in metrics (about 1 line in 10, as in a real run) — then measures, best of
// RUNS: the bare gunzip + readline pass (the floor), and the report's ingest into HDR histograms.
//
//   npx --yes pnpm@10.34.8 --filter @tokenpace/load... run build && node bench/report-ingest.mjs   # SAMPLES=2000000 RUNS=3
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { BENCH_DIR, printTable, writeResult } from './lib/stats.mjs';

const SAMPLES = Number(process.env.SAMPLES ?? 2_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
const LOAD_DIST = join(BENCH_DIR, '..', 'packages', 'load', 'dist', 'index.js');
const CORE_DIST = join(BENCH_DIR, '..', 'packages', 'core', 'dist', 'protocol.js');

if (!existsSync(LOAD_DIST) || !existsSync(CORE_DIST)) {
  console.error('build first: npx --yes pnpm@10.34.8 --filter @tokenpace/load... run build');
  process.exit(2);
}
const { HistogramSet, ingestFile } = await import(LOAD_DIST);
const { METRIC, TAG } = await import(CORE_DIST);

/** One stream's samples, in the proportions the extension emits for 20-token streams. */
const PER_STREAM = [
  ...[METRIC.headers, METRIC.ttft, METRIC.ttftConfigured, METRIC.ttftDelta],
  ...Array.from({ length: 19 }, () => [METRIC.itl, METRIC.itlConfigured, METRIC.itlDelta]).flat(),
  ...Array.from({ length: 20 }, () => METRIC.tokensPerChunk),
  ...[METRIC.e2e, METRIC.e2eDelta, METRIC.outputTokens, METRIC.streamErrors, METRIC.tokenMismatch],
];
const PROFILES = [
  { ttftMs: 100, itlMs: 20 },
  { ttftMs: 50, itlMs: 10 },
  { ttftMs: 200, itlMs: 30 },
];

async function generate(file) {
  let state = 42;
  const random = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  const gzip = createGzip({ level: 6 });
  const done = pipeline(gzip, createWriteStream(file));
  const time = new Date('2026-01-01T00:00:00Z').toISOString();
  let written = 0;
  let lines = 0;
  let batch = [];
  for (let stream = 0; written < SAMPLES; stream++) {
    const profile = PROFILES[stream % PROFILES.length];
    const tags = {
      api: 'chat',
      [TAG.configuredItlMs]: String(profile.itlMs),
      [TAG.configuredOutputLength]: '20',
      [TAG.configuredTtftMs]: String(profile.ttftMs),
      group: '',
      [TAG.mode]: 'stream',
      scenario: stream % 4 === 0 ? 'comprehensive' : 'high_throughput',
    };
    for (const metric of PER_STREAM) {
      if (written >= SAMPLES) break;
      const value = Math.round((profile.itlMs + random() * 3 - 0.5) * 1000) / 1000;
      batch.push(JSON.stringify({ metric, type: 'Point', data: { time, value, tags } }));
      written += 1;
      if (written % 9 === 0) {
        batch.push(
          JSON.stringify({ metric: 'data_received', type: 'Point', data: { time, value: 4096, tags } }),
        );
      }
    }
    if (batch.length >= 4096) {
      lines += batch.length;
      if (!gzip.write(`${batch.join('\n')}\n`)) await new Promise((resolve) => gzip.once('drain', resolve));
      batch = [];
    }
  }
  lines += batch.length;
  gzip.end(batch.length > 0 ? `${batch.join('\n')}\n` : '');
  await done;
  return lines;
}

async function readLinesOnly(file) {
  const reader = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let lines = 0;
  reader.on('line', () => {
    lines += 1;
  });
  await new Promise((resolve) => reader.once('close', resolve));
  return lines;
}

async function ingest(file) {
  const set = new HistogramSet();
  const result = await ingestFile(file, set, (message) => console.error(`warning: ${message}`));
  if (result.samples !== SAMPLES) throw new Error(`ingested ${result.samples} samples, expected ${SAMPLES}`);
  return set;
}

async function best(label, action) {
  let bestMs = Number.POSITIVE_INFINITY;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await action();
    bestMs = Math.min(bestMs, performance.now() - start);
  }
  return { label, bestMs };
}

const directory = mkdtempSync(join(tmpdir(), 'tokenpace-bench-report-'));
try {
  const file = join(directory, 'samples.ndjson.gz');
  const generateStart = performance.now();
  const lines = await generate(file);
  const generateMs = performance.now() - generateStart;
  const bytes = statSync(file).size;
  console.log(
    `generated ${lines} lines (${SAMPLES} tokenpace samples), ${(bytes / 2 ** 20).toFixed(1)} MiB gzip, in ${(generateMs / 1000).toFixed(1)} s`,
  );

  const floor = await best('gunzip + readline only', () => readLinesOnly(file));
  let groups = 0;
  const report = await best('report ingest (parse + HDR record)', async () => {
    groups = (await ingest(file)).size;
  });
  const rows = [floor, report].map(({ label, bestMs }) => ({
    pass: label,
    'best of': RUNS,
    seconds: (bestMs / 1000).toFixed(2),
    'lines/s': Math.round(lines / (bestMs / 1000)).toLocaleString('en-US'),
    'samples/s': Math.round(SAMPLES / (bestMs / 1000)).toLocaleString('en-US'),
  }));
  printTable(rows);
  const written = writeResult('report-ingest', {
    parameters: { samples: SAMPLES, lines, gzipBytes: bytes, histograms: groups, runs: RUNS },
    results: {
      readLinesOnly: {
        bestMs: Math.round(floor.bestMs),
        linesPerSecond: Math.round(lines / (floor.bestMs / 1000)),
      },
      ingest: {
        bestMs: Math.round(report.bestMs),
        samplesPerSecond: Math.round(SAMPLES / (report.bestMs / 1000)),
        ratioToReadLinesOnly: Number((report.bestMs / floor.bestMs).toFixed(2)),
      },
    },
  });
  console.log(`wrote ${written}`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
