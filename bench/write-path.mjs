#!/usr/bin/env node
// What does one timed token cost, and how much of it is the emulator's? The same streaming load
// (fidelity's shape: TTFT 200 ms, ITL 20 ms, 100 tokens) against the emulator and against a minimal
// reference sender (lib/reference-sender.mjs) that writes each token through Node's ServerResponse
// or straight to the socket. CPU per delivered token and the client-side errors, side by side, with
// the 1 ms busy-wait precision window (both) and without it (0: the CPU is then the work alone).
//
//   node bench/write-path.mjs    # STREAMS=1000 DURATION_S=8 WINDOWS=1,0
import { join } from 'node:path';
import { goVersion, runClient, targetFlags } from './lib/client.mjs';
import {
  chatBody,
  EMULATOR_ARGS,
  emulatorRevision,
  timingHeaders,
  waitUntilServing,
} from './lib/emulator.mjs';
import { fixed, numberFromEnv } from './lib/options.mjs';
import {
  cpuMeter,
  freePort,
  leastDisturbed,
  machineMeter,
  placement,
  spawnTracked,
  stopChild,
} from './lib/processes.mjs';
import { BENCH_DIR, printTable, writeResult } from './lib/stats.mjs';
import { timedStreams } from './lib/stream-run.mjs';

const STREAMS = numberFromEnv('STREAMS', 1000);
const DURATION_S = numberFromEnv('DURATION_S', 8);
const TTFT_MS = 200;
const ITL_MS = 20;
const TOKENS = 100;
const RAMP_S = 2.2;
/** Precision windows (ms) to compare, 0 included (numbersFromEnv accepts only positive values). */
const WINDOWS = (process.env.WINDOWS ?? '1,0').split(',').map((value) => Number(value.trim()));
if (WINDOWS.some((value) => !Number.isFinite(value) || value < 0))
  throw new Error(`WINDOWS=${process.env.WINDOWS}`);

async function referenceRunOnce(mode, windowMs) {
  const port = await freePort();
  const child = spawnTracked(
    process.execPath,
    [join(BENCH_DIR, 'lib', 'reference-sender.mjs'), mode, String(port)],
    {
      cpus: placement.serverCpus,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, PRECISION_WINDOW_MS: String(windowMs) },
    },
  );
  const url = `http://127.0.0.1:${port}/v1/chat/completions`;
  try {
    await waitUntilServing(url, child, () => '', {
      method: 'POST',
      headers: timingHeaders({ ttftMs: 0, itlMs: 0, outputLength: 1 }),
      body: chatBody({ stream: true }),
    });
    const meter = cpuMeter(child.pid);
    const machine = machineMeter();
    const client = await runClient('stream', [
      ...targetFlags({
        url,
        method: 'POST',
        headers: timingHeaders({ ttftMs: TTFT_MS, itlMs: ITL_MS, outputLength: TOKENS }),
        body: chatBody({ stream: true }),
      }),
      ...['-streams', String(STREAMS), '-ttft-ms', String(TTFT_MS), '-itl-ms', String(ITL_MS)],
      ...['-tokens', String(TOKENS), '-ramp', `${RAMP_S}s`, '-duration', `${DURATION_S}s`],
    ]);
    const serverCpu = meter.stop();
    const otherCores = Math.max(0, machine.stop().busyCores - serverCpu.cores - client.clientCpu.cores);
    return {
      client,
      serverCores: serverCpu.cores,
      serverSystemShare: serverCpu.systemShare,
      serverCpuUsPerToken: (serverCpu.cpuMs * 1000) / client.tokensDelivered,
      otherCores,
    };
  } finally {
    await stopChild(child);
  }
}

const runs = [];
for (const windowMs of WINDOWS) {
  for (const [name, run] of [
    ['reference, ServerResponse.write', () => leastDisturbed(() => referenceRunOnce('response', windowMs))],
    ['reference, socket.write', () => leastDisturbed(() => referenceRunOnce('socket', windowMs))],
    [
      'emulator',
      () =>
        timedStreams({
          streams: STREAMS,
          ttftMs: TTFT_MS,
          itlMs: ITL_MS,
          tokens: TOKENS,
          rampS: RAMP_S,
          durationS: DURATION_S,
          extraArgs: ['--precision-window-ms', String(windowMs)],
        }),
    ],
  ]) {
    console.error(`${name}, precision window ${windowMs} ms …`);
    runs.push({ sender: name, windowMs, ...(await run()) });
  }
}

const us = (ms) => fixed(ms * 1000, 0);
console.log(`${STREAMS} streams, TTFT ${TTFT_MS} ms, ITL ${ITL_MS} ms, ${TOKENS} tokens; errors in µs`);
printTable(
  runs.map(
    ({ sender, windowMs, client, serverCores, serverSystemShare, serverCpuUsPerToken, otherCores }) => ({
      sender,
      'window ms': windowMs,
      'server µs/token': fixed(serverCpuUsPerToken, 1),
      'in kernel': `${fixed(100 * serverSystemShare, 0)} %`,
      'server cores': fixed(serverCores, 2),
      'TTFT p50': us(client.ttftAbsErrorMs.p50),
      'TTFT p99': us(client.ttftAbsErrorMs.p99),
      'ITL p50': us(client.itlAbsErrorMs.p50),
      'ITL p99': us(client.itlAbsErrorMs.p99),
      'client cores': fixed(client.clientCpu.cores, 2),
      'other cores': fixed(otherCores, 2),
    }),
  ),
);
// Runs at another concurrency are kept apart from the standard one that BENCHMARKS.md quotes.
const file = writeResult(process.env.STREAMS ? `write-path-streams-${STREAMS}` : 'write-path', {
  parameters: {
    streams: STREAMS,
    durationS: DURATION_S,
    ttftMs: TTFT_MS,
    itlMs: ITL_MS,
    tokens: TOKENS,
    windowsMs: WINDOWS,
    placement,
    emulatorArgs: EMULATOR_ARGS,
    emulator: emulatorRevision(),
    go: goVersion(),
  },
  runs,
});
console.log(`wrote ${file}`);
