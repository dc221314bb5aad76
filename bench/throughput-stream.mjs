#!/usr/bin/env node
// Streaming throughput: content tokens per second delivered to the client across many concurrent
// streams with TTFT 0 and ITL 0, so the emulator sends as fast as it can render and write.
// Each shape (streams × tokens per stream) runs against a fresh emulator.
//
//   node bench/throughput-stream.mjs    # SHAPES=100x1000,1000x100 DURATION_S=10 WARMUP_S=2
import { goVersion, runClient, targetFlags } from './lib/client.mjs';
import { chatBody, EMULATOR_ARGS, emulatorRevision, startEmulator, timingHeaders } from './lib/emulator.mjs';
import { fixed, numberFromEnv } from './lib/options.mjs';
import { cpuMeter, machineMeter, placement, quietMoment } from './lib/processes.mjs';
import { printTable, writeResult } from './lib/stats.mjs';

const DURATION_S = numberFromEnv('DURATION_S', 10);
const WARMUP_S = numberFromEnv('WARMUP_S', 2);
const TARGET_TOKENS_PER_SECOND = 100_000;

/** "100x1000" → 100 concurrent streams of 1,000 tokens each. */
function parseShapes(text) {
  return text.split(',').map((shape) => {
    const match = /^(\d+)x(\d+)$/.exec(shape.trim());
    if (match === null) throw new Error(`SHAPES: "${shape}" is not STREAMSxTOKENS`);
    return { streams: Number(match[1]), tokens: Number(match[2]) };
  });
}
const SHAPES = parseShapes(process.env.SHAPES ?? '100x1000,1000x100');

const runs = [];
for (const { streams, tokens } of SHAPES) {
  await quietMoment();
  const emulator = await startEmulator();
  const meter = cpuMeter(emulator.pid);
  const machine = machineMeter();
  const result = await runClient('stream', [
    ...targetFlags({
      url: emulator.chatUrl,
      method: 'POST',
      headers: timingHeaders({ ttftMs: 0, itlMs: 0, outputLength: tokens }),
      body: chatBody({ stream: true }),
    }),
    '-streams',
    String(streams),
    '-tokens',
    String(tokens),
    '-ramp',
    `${WARMUP_S}s`,
    '-duration',
    `${DURATION_S}s`,
    '-record=false',
    '-read-buffer',
    '65536',
  ]);
  const serverCpu = meter.stop();
  const otherCores = Math.max(0, machine.stop().busyCores - serverCpu.cores - result.clientCpu.cores);
  await emulator.stop();
  const serverCpuUsPerToken = (serverCpu.cpuMs * 1000) / result.tokensDelivered;
  runs.push({
    streams,
    tokens,
    serverCores: serverCpu.cores,
    serverSystemShare: serverCpu.systemShare,
    serverCpuUsPerToken,
    otherCores,
    ...result,
  });
}

const best = Math.max(...runs.map((run) => run.tokensPerSecond));
printTable(
  runs.map((run) => ({
    streams: run.streams,
    'tokens/stream': run.tokens,
    'tokens/s': fixed(run.tokensPerSecond, 0),
    'streams done': run.counts.completed,
    failed: run.counts.failed + run.counts.tokenMismatch,
    'server cores': fixed(run.serverCores, 2),
    'server µs/token': fixed(run.serverCpuUsPerToken, 2),
    'in kernel': `${fixed(100 * run.serverSystemShare, 0)} %`,
    'client cores': fixed(run.clientCpu.cores, 2),
    'other cores': fixed(run.otherCores, 2),
  })),
);
const met = runs.every((run) => run.tokensPerSecond >= TARGET_TOKENS_PER_SECOND);
console.log(`target ≥ ${TARGET_TOKENS_PER_SECOND} tokens/s in every shape: ${met ? 'met' : 'missed'}`);
const file = writeResult('throughput-stream', {
  parameters: {
    durationS: DURATION_S,
    warmupS: WARMUP_S,
    ttftMs: 0,
    itlMs: 0,
    placement,
    emulatorArgs: EMULATOR_ARGS,
    emulator: emulatorRevision(),
    go: goVersion(),
  },
  runs,
  bestTokensPerSecond: best,
  target: { minTokensPerSecond: TARGET_TOKENS_PER_SECOND, met },
});
console.log(`wrote ${file}`);
