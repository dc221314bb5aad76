// The Go reference sender (bench/refsender): built once into .tools/bin, run pinned where the emulator runs.

import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { waitUntilServing } from './emulator.mjs';
import { freePort, placement, spawnTracked, stopChild } from './processes.mjs';
import { BENCH_DIR } from './stats.mjs';

const SOURCE_DIR = join(BENCH_DIR, 'refsender');
const BINARY = join(BENCH_DIR, '..', '.tools', 'bin', 'tokenpace-refsender');

function ensureBuilt() {
  let binaryMtimeMs = 0;
  try {
    binaryMtimeMs = statSync(BINARY).mtimeMs;
  } catch {
    // Not built yet.
  }
  const sourceMtimeMs = Math.max(
    ...readdirSync(SOURCE_DIR)
      .filter((name) => name.endsWith('.go') || name === 'go.mod')
      .map((name) => statSync(join(SOURCE_DIR, name)).mtimeMs),
  );
  if (binaryMtimeMs < sourceMtimeMs) execFileSync('go', ['build', '-o', BINARY, '.'], { cwd: SOURCE_DIR });
}

/** Starts the reference sender on a free loopback port, on the server's CPU, and waits until it answers. */
export async function startGoReference() {
  ensureBuilt();
  const port = await freePort();
  const child = spawnTracked(BINARY, ['-addr', `127.0.0.1:${port}`], {
    cpus: placement.serverCpus,
    stdio: 'ignore',
  });
  const chatUrl = `http://127.0.0.1:${port}/v1/chat/completions`;
  // A zero-length stream answers 200 at once.
  await waitUntilServing(chatUrl, child, () => '', {
    method: 'POST',
    headers: { 'x-ttft-ms': '0', 'x-itl-ms': '0', 'x-output-length': '0' },
    body: {},
  });
  return { pid: child.pid, chatUrl, stop: () => stopChild(child) };
}
