#!/usr/bin/env node
// Bursts of new streams: N streams open N new connections at once on a fresh server, and each stream's
// header lateness and TTFT/ITL errors are measured by the Go client (kernel receive stamps). Each size runs
// twice on the same server (first and second burst), against a fresh emulator and, in the same run, the Go
// reference sender (bench/refsender) pinned to the same CPU, so the emulator's errors can be quoted as
// ratios to what the machine itself allows.
//
//   node bench/burst.mjs            # BURSTS=200,1000 TTFT_MS=500 ITL_MS=20 TOKENS=20 RESULT=burst
import { runClient, targetFlags } from './lib/client.mjs';
import { chatBody, emulatorRevision, startEmulator, timingHeaders } from './lib/emulator.mjs';
import { startGoReference } from './lib/go-reference.mjs';
import { cpuMeter, listenOverflows, machineMeter, placement } from './lib/processes.mjs';
import { printTable, writeResult } from './lib/stats.mjs';

const SIZES = (process.env.BURSTS ?? '200,1000').split(',').map(Number);
const TTFT_MS = Number(process.env.TTFT_MS ?? 500);
const ITL_MS = Number(process.env.ITL_MS ?? 20);
const TOKENS = Number(process.env.TOKENS ?? 20);

/** One burst of `streams` new connections at once against `server`. */
async function burst(server, streams) {
  const machine = machineMeter();
  const serverCpu = cpuMeter(server.pid);
  const overflowsBefore = listenOverflows();
  const result = await runClient('stream', [
    ...targetFlags({
      url: server.chatUrl,
      headers: timingHeaders({ ttftMs: TTFT_MS, itlMs: ITL_MS, outputLength: TOKENS }),
      body: chatBody({ stream: true }),
    }),
    '-streams',
    String(streams),
    '-count',
    '1',
    '-ttft-ms',
    String(TTFT_MS),
    '-itl-ms',
    String(ITL_MS),
    '-tokens',
    String(TOKENS),
  ]);
  const { cpuMs, cores } = serverCpu.stop();
  const { busyCores } = machine.stop();
  const clientCores = result.clientCpu?.cores ?? 0;
  return {
    ...result,
    serverCpuMs: cpuMs,
    listenOverflows: listenOverflows() - overflowsBefore,
    otherCores: Math.max(0, busyCores - cores - clientCores),
  };
}

const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

function row(server, streams, ordinal, result) {
  return {
    server,
    streams,
    burst: ordinal,
    failed: result.counts.failed,
    'headers p50': fixed(result.headersMs.p50),
    'headers p99': fixed(result.headersMs.p99),
    'headers max': fixed(result.headersMs.max),
    'TTFT err p50': fixed(result.ttftErrorMs.p50),
    'TTFT err p99': fixed(result.ttftErrorMs.p99),
    'TTFT err max': fixed(result.ttftErrorMs.max),
    'ITL err p50': fixed(result.itlErrorMs.p50),
    'ITL err p99': fixed(result.itlErrorMs.p99),
    'ITL err max': fixed(result.itlErrorMs.max),
    'other cores': fixed(result.otherCores),
  };
}

const rows = [];
const runs = [];
for (const streams of SIZES) {
  for (const [name, start] of [
    ['emulator', () => startEmulator()],
    ['go reference', () => startGoReference()],
  ]) {
    const server = await start();
    try {
      for (const ordinal of [1, 2]) {
        const result = await burst(server, streams);
        runs.push({ server: name, streams, burst: ordinal, result });
        rows.push(row(name, streams, ordinal, result));
      }
    } finally {
      await server.stop();
    }
  }
}
printTable(rows);
const ratios = SIZES.flatMap((streams) =>
  [1, 2].map((ordinal) => {
    const pick = (name) =>
      runs.find((run) => run.server === name && run.streams === streams && run.burst === ordinal).result;
    return {
      streams,
      burst: ordinal,
      ttftP99Ratio: pick('emulator').ttftErrorMs.p99 / pick('go reference').ttftErrorMs.p99,
    };
  }),
);
for (const ratio of ratios) {
  console.log(
    `${ratio.streams} streams, burst ${ratio.burst}: emulator/reference TTFT error p99 ${fixed(ratio.ttftP99Ratio)}×`,
  );
}
const file = writeResult(process.env.RESULT ?? 'burst', {
  emulator: emulatorRevision(),
  placement,
  configured: { ttftMs: TTFT_MS, itlMs: ITL_MS, tokens: TOKENS },
  runs,
  ratios,
  rows,
});
console.log(`wrote ${file}`);
