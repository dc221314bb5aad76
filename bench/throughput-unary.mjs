#!/usr/bin/env node
// Non-streaming throughput: requests/s of the emulator with zero latency and 16 output tokens,
// against a bare node:http server that returns the emulator's own response body, precomputed (the
// target's baseline), and a bare fastify app doing the same (the framework's floor). All servers are
// loaded the same way, in alternating rounds, by the Go client on the other CPU.
//
//   node bench/throughput-unary.mjs    # CONNECTIONS=32 DURATION_S=10 WARMUP_S=2 ROUNDS=2 LOG_LEVEL=warn
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goVersion, runClient, targetFlags } from './lib/client.mjs';
import {
  chatBody,
  EMULATOR_ARGS,
  EMULATOR_LOG_LEVEL,
  emulatorRevision,
  httpRequest,
  startEmulator,
  timingHeaders,
  waitUntilServing,
} from './lib/emulator.mjs';
import { fixed, numberFromEnv } from './lib/options.mjs';
import {
  cpuMeter,
  freePort,
  machineMeter,
  placement,
  quietMoment,
  spawnTracked,
  stopChild,
} from './lib/processes.mjs';
import { BENCH_DIR, printTable, writeResult } from './lib/stats.mjs';

const OUTPUT_TOKENS = 16;
const CONNECTIONS = numberFromEnv('CONNECTIONS', 32);
const DURATION_S = numberFromEnv('DURATION_S', 10);
const WARMUP_S = numberFromEnv('WARMUP_S', 2);
const ROUNDS = numberFromEnv('ROUNDS', 2);
const TARGET_RATIO = 0.6;

const headers = timingHeaders({ ttftMs: 0, itlMs: 0, outputLength: OUTPUT_TOKENS });
const body = chatBody({ stream: false });

const emulator = await startEmulator();
const sample = await httpRequest(emulator.chatUrl, { method: 'POST', headers, body });
const sampleJson = JSON.parse(sample.body.toString('utf8'));
if (sample.status !== 200 || sampleJson.usage?.completion_tokens !== OUTPUT_TOKENS) {
  throw new Error(`unexpected emulator response ${sample.status}: ${sample.body}`);
}

const bodyFile = join(mkdtempSync(join(tmpdir(), 'tokenpace-baseline-')), 'body.json');
writeFileSync(bodyFile, sample.body);
/** Starts a baseline (see lib/baseline-server.mjs) on the server CPU and waits until it answers. */
async function startBaseline(mode) {
  const port = await freePort();
  const child = spawnTracked(
    process.execPath,
    [
      join(BENCH_DIR, 'lib', 'baseline-server.mjs'),
      mode,
      String(port),
      bodyFile,
      sample.headers['content-type'],
    ],
    { cpus: placement.serverCpus, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}/v1/chat/completions`;
  await waitUntilServing(url, child, () => '', { method: 'POST', headers, body });
  return { child, url };
}
const nodeBaseline = await startBaseline('node');
const fastifyBaseline = await startBaseline('fastify');

// The default log level writes one line per request; a second emulator shows what that costs.
const loggingEmulator = EMULATOR_LOG_LEVEL === 'info' ? null : await startEmulator({ logLevel: 'info' });
const servers = [
  { name: 'bare node:http', url: nodeBaseline.url, pid: nodeBaseline.child.pid },
  { name: 'bare fastify', url: fastifyBaseline.url, pid: fastifyBaseline.child.pid },
  { name: 'emulator', url: emulator.chatUrl, pid: emulator.pid },
  ...(loggingEmulator === null
    ? []
    : [{ name: 'emulator, log level info', url: loggingEmulator.chatUrl, pid: loggingEmulator.pid }]),
];
const runs = [];
for (let round = 1; round <= ROUNDS; round += 1) {
  for (const server of servers) {
    await quietMoment();
    const meter = cpuMeter(server.pid);
    const machine = machineMeter();
    const result = await runClient('unary', [
      ...targetFlags({ url: server.url, method: 'POST', headers, body }),
      '-connections',
      String(CONNECTIONS),
      '-warmup',
      `${WARMUP_S}s`,
      '-duration',
      `${DURATION_S}s`,
    ]);
    const serverCpu = meter.stop();
    const otherCores = Math.max(0, machine.stop().busyCores - serverCpu.cores - result.clientCpu.cores);
    // Every request of the client run, warm-up included, as the CPU meter spans the whole run.
    const handled = Object.values(result.statusCounts).reduce((sum, count) => sum + count, 0);
    const serverUsPerRequest = (serverCpu.cpuMs * 1000) / handled;
    runs.push({
      round,
      server: server.name,
      serverCores: serverCpu.cores,
      serverSystemShare: serverCpu.systemShare,
      serverUsPerRequest,
      otherCores,
      ...result,
    });
    console.error(`round ${round}: ${server.name} ${fixed(result.requestsPerSecond, 0)} req/s`);
  }
}
await stopChild(nodeBaseline.child);
await stopChild(fastifyBaseline.child);
await emulator.stop();
await loggingEmulator?.stop();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const rateOf = (name) =>
  median(runs.filter((run) => run.server === name).map((run) => run.requestsPerSecond));
const baselineRate = rateOf('bare node:http');
const emulatorRate = rateOf('emulator');
const ratio = emulatorRate / baselineRate;
const fastifyRatio = rateOf('bare fastify') / baselineRate;
// CPU per request is steadier than req/s when other work shares the server's CPU: the same ratio,
// computed from what each request cost rather than from how many fitted in the window.
const cpuPerRequestOf = (name) =>
  median(runs.filter((run) => run.server === name).map((run) => run.serverUsPerRequest));
const cpuRatio = cpuPerRequestOf('bare node:http') / cpuPerRequestOf('emulator');
const loggingRatio = loggingEmulator === null ? null : rateOf('emulator, log level info') / baselineRate;

printTable(
  runs.map((run) => ({
    round: run.round,
    server: run.server,
    'req/s': fixed(run.requestsPerSecond, 0),
    'p50 ms': fixed(run.latencyMs.p50),
    'p99 ms': fixed(run.latencyMs.p99),
    failures: run.failures,
    'server cores': fixed(run.serverCores, 2),
    'server µs/request': fixed(run.serverUsPerRequest, 1),
    'in kernel': `${fixed(100 * run.serverSystemShare, 0)} %`,
    'client cores': fixed(run.clientCpu.cores, 2),
    'other cores': fixed(run.otherCores, 2),
  })),
);
console.log(
  `body ${sample.body.length} B, ${CONNECTIONS} connections, log level ${EMULATOR_LOG_LEVEL}; ` +
    `emulator/baseline = ${fixed(ratio, 3)} (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'missed'})` +
    (loggingRatio === null ? '' : `; with log level info ${fixed(loggingRatio, 3)}`) +
    `; bare fastify/baseline = ${fixed(fastifyRatio, 3)}; by CPU per request, emulator/baseline = ${fixed(cpuRatio, 3)}`,
);
const file = writeResult('throughput-unary', {
  parameters: {
    outputTokens: OUTPUT_TOKENS,
    connections: CONNECTIONS,
    durationS: DURATION_S,
    warmupS: WARMUP_S,
    rounds: ROUNDS,
    bodyBytes: sample.body.length,
    logLevel: EMULATOR_LOG_LEVEL,
    placement,
    emulatorArgs: EMULATOR_ARGS,
    emulator: emulatorRevision(),
    go: goVersion(),
  },
  runs,
  medianRequestsPerSecond: { baseline: baselineRate, emulator: emulatorRate },
  ratio,
  cpuRatio,
  fastifyRatio,
  loggingRatio,
  target: { minRatio: TARGET_RATIO, met: ratio >= TARGET_RATIO },
});
console.log(`wrote ${file}`);
