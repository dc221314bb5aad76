#!/usr/bin/env node
// Cold start: from spawning the emulator's process to its first served request. Measured twice per
// start: the first 200 on /health (polled every 2 ms from the moment of the spawn), and right after
// it the first chat completion (which pays for whatever the first real request loads lazily).
//
//   node bench/cold-start.mjs    # RUNS=10
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chatBody,
  EMULATOR_ARGS,
  EMULATOR_CLI,
  EMULATOR_LOG_LEVEL,
  emulatorNodeArgs,
  emulatorRevision,
  httpRequest,
  stopGraceMs,
  timingHeaders,
} from './lib/emulator.mjs';
import { fixed, numberFromEnv } from './lib/options.mjs';
import { freePort, placement, quietMoment, spawnTracked, stopChild } from './lib/processes.mjs';
import { printTable, summarize, writeResult } from './lib/stats.mjs';

const RUNS = numberFromEnv('RUNS', 10);
const POLL_MS = 2;
const GIVE_UP_MS = 20_000;
const TARGET_MS = 500;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function coldStart() {
  const port = await freePort();
  const logFile = join(mkdtempSync(join(tmpdir(), 'tokenpace-cold-')), 'emulator.log');
  const logFd = openSync(logFile, 'w');
  const spawnedAt = performance.now();
  const child = spawnTracked(
    process.execPath,
    [
      ...emulatorNodeArgs(),
      EMULATOR_CLI,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--log-level',
      EMULATOR_LOG_LEVEL,
      ...EMULATOR_ARGS,
    ],
    { cpus: placement.serverCpus, stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    let healthMs = null;
    while (healthMs === null) {
      if (child.exitCode !== null) throw new Error(`emulator exited:\n${readFileSync(logFile, 'utf8')}`);
      if (performance.now() - spawnedAt > GIVE_UP_MS) throw new Error(`no /health 200 in ${GIVE_UP_MS} ms`);
      try {
        if ((await httpRequest(`${baseUrl}/health`)).status === 200) healthMs = performance.now() - spawnedAt;
      } catch {
        await sleep(POLL_MS);
      }
    }
    const chat = await httpRequest(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: timingHeaders({ ttftMs: 0, itlMs: 0, outputLength: 1 }),
      body: chatBody({ stream: false }),
    });
    if (chat.status !== 200) throw new Error(`first chat completion: HTTP ${chat.status} ${chat.body}`);
    const firstChatMs = performance.now() - spawnedAt;
    return { healthMs, firstChatMs };
  } finally {
    await stopChild(child, stopGraceMs());
  }
}

await quietMoment();
const runs = [];
for (let run = 1; run <= RUNS; run += 1) runs.push(await coldStart());

const health = summarize(runs.map((run) => run.healthMs));
const firstChat = summarize(runs.map((run) => run.firstChatMs));
printTable(
  [
    ['spawn → first /health 200', health],
    ['spawn → first chat completion 200', firstChat],
  ].map(([what, stats]) => ({
    'ms, over runs': what,
    runs: stats.count,
    p50: fixed(stats.p50, 1),
    p90: fixed(stats.p90, 1),
    max: fixed(stats.max, 1),
  })),
);
const met = health.p90 <= TARGET_MS;
console.log(
  `target ≤ ${TARGET_MS} ms to the first served request (p90 of /health): ${met ? 'met' : 'missed'}`,
);
const file = writeResult('cold-start', {
  parameters: {
    runs: RUNS,
    pollMs: POLL_MS,
    placement,
    emulatorArgs: EMULATOR_ARGS,
    emulator: emulatorRevision(),
  },
  runs,
  healthMs: health,
  firstChatMs: firstChat,
  target: { maxMs: TARGET_MS, met, firstChatMet: firstChat.p90 <= TARGET_MS },
});
console.log(`wrote ${file}`);
