#!/usr/bin/env node
// Hostile bodies against one emulator process (pinned to the server CPU): how long GET /health takes to answer
// while six near-limit bodies arrive at once, each on its own connection, and whether the process survives.
// Shapes: nested brackets (refused by depth as they arrive), a million-plus tiny values (refused by count),
// and a legitimate prompt of one long string (read, parsed, counted and held for its TTFT). Target: /health
// within 50 ms throughout, no process death. Run the client on the other CPU:
//
//   taskset -c 1 node bench/hostile.mjs    # BODIES=6 BODY_MIB=31 HEALTH_EVERY_MS=10 SHAPE=prompt
import { connect } from 'node:net';
import { httpRequest, startEmulator } from './lib/emulator.mjs';
import { fixed, numberFromEnv } from './lib/options.mjs';
import { placement } from './lib/processes.mjs';
import { percentile, printTable, writeResult } from './lib/stats.mjs';

const BODIES = numberFromEnv('BODIES', 6);
const BODY_MIB = numberFromEnv('BODY_MIB', 31);
const HEALTH_EVERY_MS = numberFromEnv('HEALTH_EVERY_MS', 10);
/** Only the shapes whose name contains this text, e.g. SHAPE=prompt. */
const ONLY_SHAPE = process.env.SHAPE ?? '';
const TARGET_MS = 50;
const MIB = 1024 * 1024;

/** Body heads and the byte that fills each body to its size; the prompt closes its JSON at the end. */
const SHAPES = [
  { name: 'nested brackets', head: '{"x":', fill: '[', tail: '' },
  { name: 'tiny values', head: '{"x":[', fill: '1,', tail: '1]}' },
  {
    name: 'long prompt (valid)',
    head: '{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"',
    fill: 'ab ',
    tail: '"}]}',
  },
];

/** Sends one body of `bytes` on its own connection; resolves with the status line once the server answers. */
function sendBody(port, shape, bytes) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const finish = () => {
      socket.destroy();
      resolve(answer.split('\r\n')[0] || '(closed without an answer)');
    };
    socket.setEncoding('utf8').on('data', (text) => {
      answer += text;
      if (answer.includes('\r\n\r\n')) finish();
    });
    socket.on('error', () => {});
    socket.on('close', finish);
    socket.write(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${bytes}\r\nX-TTFT-MS: 0\r\nX-ITL-MS: 0\r\nX-OUTPUT-LENGTH: 1\r\n\r\n${shape.head}`,
    );
    const fillBytes = bytes - Buffer.byteLength(shape.head) - Buffer.byteLength(shape.tail);
    const unit = Buffer.from(shape.fill);
    const chunk = Buffer.alloc(MIB - (MIB % unit.length), unit);
    let left = fillBytes - (fillBytes % unit.length);
    const pad = fillBytes - left;
    const writeMore = () => {
      while (left > 0 && !socket.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!socket.write(piece)) {
          socket.once('drain', writeMore);
          return;
        }
      }
      if (!socket.destroyed) socket.write(`${' '.repeat(pad)}${shape.tail}`);
    };
    writeMore();
  });
}

/** /health latencies (ms) polled every HEALTH_EVERY_MS until `until` settles. */
async function healthDuring(baseUrl, until) {
  let settled = false;
  until.finally(() => {
    settled = true;
  });
  const latenciesMs = [];
  let failures = 0;
  while (!settled) {
    const startedMs = performance.now();
    try {
      const response = await httpRequest(`${baseUrl}/health`);
      if (response.status === 200) latenciesMs.push(performance.now() - startedMs);
      else failures += 1;
    } catch {
      failures += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
  }
  return { latenciesMs: latenciesMs.sort((a, b) => a - b), failures };
}

const rows = [];
const results = [];
for (const shape of SHAPES.filter((candidate) => candidate.name.includes(ONLY_SHAPE))) {
  const emulator = await startEmulator();
  const port = Number(new URL(emulator.baseUrl).port);
  // Warm-up: a route compiles its schemas on its first request, which is no hostile body's doing.
  await httpRequest(emulator.chatUrl, {
    method: 'POST',
    headers: { 'x-ttft-ms': '0', 'x-itl-ms': '0', 'x-output-length': '1' },
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'warm up' }] },
  });
  await httpRequest(`${emulator.baseUrl}/health`);
  const startedMs = performance.now();
  const answers = Promise.all(Array.from({ length: BODIES }, () => sendBody(port, shape, BODY_MIB * MIB)));
  const { latenciesMs, failures } = await healthDuring(emulator.baseUrl, answers);
  const statuses = [...new Set(await answers)];
  const durationMs = performance.now() - startedMs;
  let alive = true;
  try {
    alive = (await httpRequest(`${emulator.baseUrl}/health`)).status === 200;
  } catch {
    alive = false;
  }
  await emulator.stop();
  const result = {
    shape: shape.name,
    bodies: BODIES,
    bodyMiB: BODY_MIB,
    answers: statuses,
    durationMs: Math.round(durationMs),
    healthSamples: latenciesMs.length,
    healthFailures: failures,
    healthP50Ms: percentile(latenciesMs, 50),
    healthP99Ms: percentile(latenciesMs, 99),
    healthMaxMs: latenciesMs.at(-1) ?? null,
    alive,
    meetsTarget: alive && failures === 0 && (latenciesMs.at(-1) ?? Infinity) <= TARGET_MS,
  };
  results.push(result);
  rows.push({
    shape: shape.name,
    answer: statuses.join(' | '),
    'run ms': result.durationMs,
    'health n': result.healthSamples,
    'p50 ms': fixed(result.healthP50Ms ?? Number.NaN, 1),
    'p99 ms': fixed(result.healthP99Ms ?? Number.NaN, 1),
    'max ms': fixed(result.healthMaxMs ?? Number.NaN, 1),
    alive: alive ? 'yes' : 'NO',
    [`≤ ${TARGET_MS} ms`]: result.meetsTarget ? 'yes' : 'no',
  });
}

printTable(rows);
const file = writeResult('hostile', {
  targetMs: TARGET_MS,
  healthEveryMs: HEALTH_EVERY_MS,
  pinned: placement.pinned,
  results,
});
console.log(`wrote ${file}`);
