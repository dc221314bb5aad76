#!/usr/bin/env node
// Runs every emulator benchmark in sequence (each one bounded in time, loopback only), then prints
// the summary that BENCHMARKS.md quotes. A failing benchmark does not stop the others; the exit code
// says whether all passed.
//
//   node bench/run-all.mjs                     # all, about 8 minutes
//   ONLY=fidelity,memory node bench/run-all.mjs
//   QUIET_WAIT_S=120 node bench/run-all.mjs    # on a shared machine: before each run, wait up to 120 s for idle
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureClient } from './lib/client.mjs';
import { BENCH_DIR } from './lib/stats.mjs';

const BENCHMARKS = [
  'cold-start',
  'prompt-count',
  'throughput-unary',
  'throughput-stream',
  'fidelity',
  'long-streams',
  'memory',
  'write-path',
  'burst',
];
const only = process.env.ONLY?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !BENCHMARKS.includes(name)) ?? [];
if (unknown.length > 0) throw new Error(`ONLY: unknown benchmark(s) ${unknown.join(', ')}`);
const selected = only === undefined ? BENCHMARKS : BENCHMARKS.filter((name) => only.includes(name));

/** The benchmark running now; a signal to this script stops it too (it cleans up its own children). */
let current = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    current?.kill(signal);
    process.exit(130);
  });
}

function runScript(file) {
  return new Promise((resolve) => {
    current = spawn(process.execPath, [file], { stdio: 'inherit' });
    current.on('exit', (exitCode) => {
      current = null;
      resolve(exitCode ?? 1);
    });
  });
}

ensureClient();
const failed = [];
for (const name of selected) {
  console.log(`\n=== ${name}`);
  const startedAt = performance.now();
  const code = await runScript(join(BENCH_DIR, `${name}.mjs`));
  console.log(
    `=== ${name}: ${code === 0 ? 'done' : `failed (exit ${code})`} in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`,
  );
  if (code !== 0) failed.push(name);
}
console.log('\n=== summary');
const summary = await runScript(join(BENCH_DIR, 'summary.mjs'));
if (failed.length > 0 || summary !== 0) {
  console.error(`failed: ${[...failed, ...(summary !== 0 ? ['summary'] : [])].join(', ')}`);
  process.exit(1);
}
