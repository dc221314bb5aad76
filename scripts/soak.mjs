#!/usr/bin/env node
// Soak: the emulator under a steady mixed load for a set time — streams read to the end, non-streamed requests,
// and clients that abort at random points — sampling its RSS, heap, open handles and event-loop delay from
// /stats as it goes. After the load it lets the server settle and checks that handles returned to where they
// were and that memory did not keep growing. Loopback only; the load is bounded by --streams and --duration.
//
//   npx --yes pnpm@10.34.8 exec turbo run build --filter=@tokenpace/emulator...
//   node scripts/soak.mjs                                   # 60 s, 100 concurrent clients
//   node scripts/soak.mjs --duration 30m --out soak-30m.json
//   node scripts/soak.mjs --workers 2 --streams 300 --emulator-args "--precision-window-ms 0"
//
// Prints one line per sample and a summary; writes everything as JSON (--out, default soak.json). Exits 1 when
// requests failed, handles were left behind or RSS kept growing past --max-rss-growth-mib.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EMULATOR_CLI = join(ROOT, 'packages', 'emulator', 'dist', 'cli.js');

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '60s' },
    streams: { type: 'string', default: '100' },
    sample: { type: 'string' },
    workers: { type: 'string', default: '1' },
    'abort-share': { type: 'string', default: '0.1' },
    'settle-ms': { type: 'string', default: '5000' },
    'max-rss-growth-mib': { type: 'string', default: '50' },
    'emulator-args': { type: 'string', default: '' },
    out: { type: 'string', default: 'soak.json' },
  },
});

/** `90`, `90s`, `30m`, `1h` → ms. */
function durationMs(text) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (match === null) throw new Error(`not a duration: ${text} (use e.g. 60s, 30m, 1h)`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'];
  return Number(match[1]) * unit;
}

const options = {
  durationMs: durationMs(flags.duration),
  clients: Number(flags.streams),
  workers: Number(flags.workers),
  abortShare: Number(flags['abort-share']),
  settleMs: Number(flags['settle-ms']),
  maxRssGrowthMiB: Number(flags['max-rss-growth-mib']),
  emulatorArgs: flags['emulator-args'].split(' ').filter((arg) => arg !== ''),
};
// About 60 samples per run, never more often than every 5 s (the emulator's event-loop delay window).
options.sampleMs = flags.sample
  ? durationMs(flags.sample)
  : Math.max(5_000, Math.round(options.durationMs / 60));
const WARMUP_MS = Math.min(10_000, Math.max(5_000, options.durationMs / 10));

// ---- the emulator ---------------------------------------------------------------------------------------

function startEmulator() {
  const child = spawn(
    process.execPath,
    [
      EMULATOR_CLI,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--workers',
      String(options.workers),
      '--log-level',
      'warn',
      ...options.emulatorArgs,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolvePromise, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text) => {
      output += text;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolvePromise({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited (${code}) before listening:\n${output}`)));
  });
}

/** Kept-alive connections of the load, closed after it so that the settled sample counts only the server's own. */
const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

/** One request; resolves with status and body text, or rejects (an abort rejects with AbortError). */
function exchange(url, { method = 'GET', headers = {}, body, signal }) {
  return new Promise((resolveExchange, reject) => {
    const outgoing = request(url, { method, headers, agent, signal }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        text += chunk;
      });
      response.on('end', () => resolveExchange({ status: response.statusCode, text }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function stats(url) {
  return JSON.parse((await exchange(`${url}/stats`, {})).text);
}

// ---- the load -------------------------------------------------------------------------------------------

const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Soak.' }] };
const counts = {
  streamsCompleted: 0,
  unaryCompleted: 0,
  aborted: 0,
  abortedTooLate: 0,
  failed: 0,
  tokens: 0,
};
const failures = [];

function timing(ttftMs, itlMs, outputLength) {
  return {
    'content-type': 'application/json',
    'x-ttft-ms': String(ttftMs),
    'x-itl-ms': String(itlMs),
    'x-output-length': String(outputLength),
  };
}

function fail(message) {
  counts.failed += 1;
  if (failures.length < 20) failures.push(message);
}

/** A stream read to the end (every token counted), a non-streamed request, or a stream left at a random point. */
async function oneRequest(url) {
  const chatUrl = `${url}/v1/chat/completions`;
  const roll = Math.random();
  if (roll < options.abortShare) {
    // 50 ms to the first token, 1.04 s in all: leaving within 0.8 s is before it, or mid-stream.
    const signal = AbortSignal.timeout(Math.floor(Math.random() * 800));
    try {
      const response = await exchange(chatUrl, {
        method: 'POST',
        headers: timing(50, 10, 100),
        body: JSON.stringify({ ...CHAT, stream: true }),
        signal,
      });
      // The client's own timer can fire late on a busy machine: then the stream must simply be whole.
      if (response.status === 200 && response.text.endsWith('data: [DONE]\n\n')) counts.abortedTooLate += 1;
      else fail(`stream meant to be aborted: ${response.status}, ${response.text.slice(-80)}`);
    } catch (error) {
      if (error.name === 'AbortError') counts.aborted += 1;
      else fail(`aborted stream: ${error.message}`);
    }
    return;
  }
  if (roll < options.abortShare + 0.2) {
    const response = await exchange(chatUrl, {
      method: 'POST',
      headers: timing(50, 2, 50),
      body: JSON.stringify(CHAT),
    });
    const tokens = response.status === 200 ? JSON.parse(response.text).usage?.completion_tokens : null;
    if (tokens !== 50) fail(`unary: ${response.status} ${response.text.slice(0, 200)}`);
    else counts.unaryCompleted += 1;
    return;
  }
  const response = await exchange(chatUrl, {
    method: 'POST',
    headers: timing(50, 10, 100),
    body: JSON.stringify({ ...CHAT, stream: true }),
  });
  const tokens = response.text.match(/"delta":\{"content":"/g)?.length ?? 0;
  if (response.status !== 200 || tokens !== 100 || !response.text.endsWith('data: [DONE]\n\n')) {
    fail(`stream: ${response.status}, ${tokens} tokens`);
  } else {
    counts.streamsCompleted += 1;
    counts.tokens += tokens;
  }
}

async function client(url, until) {
  while (performance.now() < until) {
    try {
      await oneRequest(url);
    } catch (error) {
      fail(`request: ${error.message}`);
    }
  }
}

// ---- sampling -------------------------------------------------------------------------------------------

const MIB = 1024 * 1024;

function sampleOf(body, atMs, tokensBefore, intervalMs) {
  const processes = body.processes ?? [];
  const sum = (pick) => processes.reduce((total, entry) => total + pick(entry), 0);
  const handles = sum((entry) =>
    Object.values(entry.activeResources).reduce((total, count) => total + count, 0),
  );
  return {
    atSec: Math.round(atMs / 100) / 10,
    rssMiB: Math.round((sum((entry) => entry.rssBytes) / MIB) * 10) / 10,
    heapUsedMiB: Math.round((sum((entry) => entry.heapUsedBytes) / MIB) * 10) / 10,
    handles,
    loopDelayP99Ms: Math.max(0, ...processes.map((entry) => entry.eventLoopDelay.p99Ms)),
    loopDelayMaxMs: Math.max(0, ...processes.map((entry) => entry.eventLoopDelay.maxMs)),
    activeStreams: body.streams.activeStreams,
    latenessP99Us: body.lateness.p99Us,
    tokensPerSec: intervalMs > 0 ? Math.round(((counts.tokens - tokensBefore) * 1000) / intervalMs) : 0,
    ...counts,
  };
}

/** Least-squares slope of `value` over `atSec`, per hour. */
function slopePerHour(samples, pick) {
  if (samples.length < 2) return 0;
  const xs = samples.map((sample) => sample.atSec);
  const ys = samples.map(pick);
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  let numerator = 0;
  let denominator = 0;
  for (let index = 0; index < xs.length; index++) {
    numerator += (xs[index] - meanX) * (ys[index] - meanY);
    denominator += (xs[index] - meanX) ** 2;
  }
  return denominator === 0 ? 0 : Math.round((numerator / denominator) * 3600 * 10) / 10;
}

function printSample(sample) {
  console.log(
    [
      `${String(sample.atSec).padStart(7)} s`,
      `rss ${String(sample.rssMiB).padStart(7)} MiB`,
      `heap ${String(sample.heapUsedMiB).padStart(6)} MiB`,
      `handles ${String(sample.handles).padStart(4)}`,
      `loop p99 ${sample.loopDelayP99Ms.toFixed(2).padStart(6)} ms`,
      `max ${sample.loopDelayMaxMs.toFixed(1).padStart(6)} ms`,
      `streams ${String(sample.activeStreams).padStart(4)}`,
      `${String(sample.tokensPerSec).padStart(6)} tok/s`,
      `aborted ${sample.aborted}`,
      `failed ${sample.failed}`,
    ].join('  '),
  );
}

// ---- the run --------------------------------------------------------------------------------------------

const emulator = await startEmulator();
const stopEmulator = () => {
  if (emulator.child.exitCode === null) emulator.child.kill('SIGTERM');
};
process.once('exit', stopEmulator);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

console.log(
  `soak: ${emulator.url}, ${options.clients} clients for ${flags.duration}, a sample every ${options.sampleMs / 1000} s`,
);
const startedAt = new Date().toISOString();
const runStartMs = performance.now();
const idle = sampleOf(await stats(emulator.url), 0, 0, 0);
const until = runStartMs + options.durationMs;
const clients = Array.from({ length: options.clients }, () => client(emulator.url, until));
const samples = [];
let tokensBefore = 0;
let lastSampleMs = runStartMs;
while (performance.now() < until) {
  await new Promise((resolveWait) =>
    setTimeout(resolveWait, Math.min(options.sampleMs, Math.max(0, until - performance.now()))),
  );
  const nowMs = performance.now();
  const sample = sampleOf(await stats(emulator.url), nowMs - runStartMs, tokensBefore, nowMs - lastSampleMs);
  tokensBefore = counts.tokens;
  lastSampleMs = nowMs;
  samples.push(sample);
  printSample(sample);
}
await Promise.all(clients);
agent.destroy();
await new Promise((resolveWait) => setTimeout(resolveWait, options.settleMs));
const settled = sampleOf(await stats(emulator.url), performance.now() - runStartMs, counts.tokens, 0);

const steady = samples.filter((sample) => sample.atSec * 1000 >= WARMUP_MS);
const baseline = steady[0] ?? samples[0] ?? settled;
const summary = {
  requests: { ...counts },
  idleRssMiB: idle.rssMiB,
  baselineRssMiB: baseline.rssMiB,
  settledRssMiB: settled.rssMiB,
  rssGrowthMiB: Math.round((settled.rssMiB - baseline.rssMiB) * 10) / 10,
  rssSlopeMiBPerHour: slopePerHour(steady, (sample) => sample.rssMiB),
  heapSlopeMiBPerHour: slopePerHour(steady, (sample) => sample.heapUsedMiB),
  baselineHeapUsedMiB: baseline.heapUsedMiB,
  settledHeapUsedMiB: settled.heapUsedMiB,
  handlesIdle: idle.handles,
  handlesSettled: settled.handles,
  activeStreamsSettled: settled.activeStreams,
  loopDelayP99MaxMs: Math.max(0, ...samples.map((sample) => sample.loopDelayP99Ms)),
  loopDelayMaxMs: Math.max(0, ...samples.map((sample) => sample.loopDelayMaxMs)),
  failures,
};
const problems = [];
if (counts.failed > 0) problems.push(`${counts.failed} requests failed`);
if (settled.handles > idle.handles)
  problems.push(`handles: ${idle.handles} before the load, ${settled.handles} after`);
if (settled.activeStreams !== 0) problems.push(`${settled.activeStreams} streams still open after the load`);
if (summary.rssGrowthMiB > options.maxRssGrowthMiB) {
  problems.push(`RSS grew ${summary.rssGrowthMiB} MiB past its steady-state baseline`);
}
summary.verdict = problems.length === 0 ? 'pass' : 'fail';
summary.problems = problems;

const machine = {
  cpus: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
};
writeFileSync(
  flags.out,
  `${JSON.stringify({ startedAt, machine, options: { ...options, duration: flags.duration }, idle, samples, settled, summary }, null, 2)}\n`,
);
console.log(`\nsettled after ${options.settleMs / 1000} s:`);
printSample(settled);
console.log(JSON.stringify(summary, null, 2));
console.log(`written to ${flags.out}`);
stopEmulator();
process.exitCode = problems.length === 0 ? 0 : 1;
