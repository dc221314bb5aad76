#!/usr/bin/env node
// Harness precision: how exactly does k6/x/tokenpace see per-token gaps?
//
// A minimal reference sender (raw node:http, Nagle off) streams chat chunks on an absolute schedule and records
// the moment each token's write returned, per stream. k6 with the tokenpace extension streams from it at
// STREAMS concurrent streams and logs the gaps it measured. Per gap, error = measured − sent. The sender is
// kept minimal on purpose: this measures the instrument, not the emulator (bench/fidelity measures that).
// k6's sample metadata tells which clock stamped each request (kernel receive time, or read return).
//
//   node bench/harness-precision.mjs            # STREAMS=100 DURATION=20s TOKENS=50 ITL_MS=20
//   K6_BINARY=/path/to/old/k6 RESULT=harness-precision-old node bench/harness-precision.mjs
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { BENCH_DIR, printTable, summarize, writeResult } from './lib/stats.mjs';

const STREAMS = Number(process.env.STREAMS ?? 100);
const DURATION = process.env.DURATION ?? '20s';
const TOKENS = Number(process.env.TOKENS ?? 50);
const ITL_MS = Number(process.env.ITL_MS ?? 20);
const TTFT_MS = Number(process.env.TTFT_MS ?? 50);
// K6_BINARY compares builds (e.g. a copy of the previous .tools/bin/k6) under the same conditions;
// RESULT names the result file of such a run.
const K6 = process.env.K6_BINARY ?? join(BENCH_DIR, '..', '.tools', 'bin', 'k6');
const RESULT = process.env.RESULT ?? 'harness-precision';

/** stream id → write-return times (ms, performance.now()) of each content token. */
const sentTimes = new Map();

function chunk(delta, finishReason = null) {
  const body = { id: 'chatcmpl-ref', object: 'chat.completion.chunk', created: 0, model: 'reference' };
  body.choices = [{ index: 0, delta, logprobs: null, finish_reason: finishReason }];
  return `data: ${JSON.stringify(body)}\n\n`;
}

const server = createServer((request, response) => {
  const arrivedAt = performance.now();
  const streamId = String(request.headers['x-stream-id'] ?? '');
  request.resume();
  request.on('end', () => {
    request.socket.setNoDelay(true);
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write(chunk({ role: 'assistant', content: '' }));
    const times = [];
    sentTimes.set(streamId, times);
    let next = 0;
    let closed = false;
    response.on('close', () => {
      closed = true;
    });
    const tick = () => {
      if (closed) return;
      const now = performance.now();
      while (next < TOKENS && arrivedAt + TTFT_MS + next * ITL_MS <= now) {
        response.write(chunk({ content: next === 0 ? 'Word' : ' word' }));
        times.push(performance.now());
        next += 1;
      }
      if (next < TOKENS) {
        setTimeout(tick, Math.max(0, arrivedAt + TTFT_MS + next * ITL_MS - performance.now()));
        return;
      }
      response.end(`${chunk({}, 'stop')}data: [DONE]\n\n`);
    };
    setTimeout(tick, TTFT_MS);
  });
});

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;
const workDir = mkdtempSync(join(tmpdir(), 'tokenpace-precision-'));
const consoleFile = join(workDir, 'console.ndjson');
// k6's raw samples, read only for the metadata that names the clock which stamped each request.
const samplesFile = join(workDir, 'samples.ndjson');
console.log(
  `reference sender ${baseUrl}; k6: ${STREAMS} streams for ${DURATION}, ${TOKENS} tokens at ITL ${ITL_MS} ms`,
);

const k6Code = await new Promise((resolve, reject) => {
  const child = spawn(
    K6,
    [
      'run',
      '--quiet',
      '--log-format=raw',
      `--console-output=${consoleFile}`,
      `--out=json=${samplesFile}`,
      join(BENCH_DIR, 'k6', 'precision.ts'),
    ],
    {
      env: {
        ...process.env,
        BASE_URL: baseUrl,
        STREAMS: String(STREAMS),
        DURATION,
        K6_NO_USAGE_REPORT: 'true',
        K6_AUTO_EXTENSION_RESOLUTION: 'false',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  child.on('error', reject);
  child.on('exit', (code) => resolve(code ?? 1));
});
server.close();
if (k6Code !== 0) {
  console.error(
    `k6 exited with ${k6Code}; is .tools/bin/k6 built (node packages/load/scripts/build-k6.mjs)?`,
  );
  process.exit(1);
}

const errorsMs = [];
let streams = 0;
let unmatched = 0;
let coalesced = 0;
for (const line of readFileSync(consoleFile, 'utf8').split('\n')) {
  if (!line.startsWith('{')) continue;
  const measured = JSON.parse(line);
  const sent = sentTimes.get(measured.id);
  if (!measured.ok || !sent || sent.length !== TOKENS || measured.itlMs.length !== TOKENS - 1) {
    unmatched += 1;
    continue;
  }
  streams += 1;
  coalesced += measured.chunks.filter((tokens) => tokens > 1).length;
  for (let index = 1; index < TOKENS; index += 1) {
    errorsMs.push(measured.itlMs[index - 1] - (sent[index] - sent[index - 1]));
  }
}

/** clock (kernel, read, mixed) → requests it stamped, from the metadata of tokenpace_stream_errors. */
const clocks = {};
for await (const line of createInterface({ input: createReadStream(samplesFile) })) {
  if (!line.includes('"tokenpace_stream_errors"') || !line.includes('"Point"')) continue;
  const clock = JSON.parse(line).data.metadata?.clock ?? 'none';
  clocks[clock] = (clocks[clock] ?? 0) + 1;
}
rmSync(workDir, { recursive: true, force: true });

const signed = summarize(errorsMs);
const absolute = summarize(errorsMs.map(Math.abs));
const format = (value) => value.toFixed(3);
printTable([
  { 'gap error (ms)': 'measured − sent', ...mapValues(signed, format) },
  { 'gap error (ms)': '|measured − sent|', ...mapValues(absolute, format) },
]);
console.log(`streams ${streams}, unmatched ${unmatched}, events carrying >1 token ${coalesced}`);
console.log(`requests by clock: ${JSON.stringify(clocks)}`);
const file = writeResult(RESULT, {
  parameters: { streams: STREAMS, duration: DURATION, tokens: TOKENS, itlMs: ITL_MS, ttftMs: TTFT_MS },
  k6: process.env.K6_BINARY ?? '.tools/bin/k6',
  streamsMatched: streams,
  streamsUnmatched: unmatched,
  coalescedEvents: coalesced,
  requestsByClock: clocks,
  gapErrorMs: signed,
  absoluteGapErrorMs: absolute,
  target: { absoluteGapErrorP99Ms: 0.5, met: absolute.p99 <= 0.5 },
});
console.log(`wrote ${file}`);

function mapValues(object, transform) {
  return Object.fromEntries(
    Object.entries(object).map(([key, value]) => [key, key === 'count' ? value : transform(value)]),
  );
}
