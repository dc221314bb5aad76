// One timed streaming run: a fresh emulator, the Go client streaming from it, and the emulator's own
// view (CPU used, its scheduler's lateness) for the same interval.

import { runClient, targetFlags } from './client.mjs';
import { chatBody, startEmulator, timingHeaders } from './emulator.mjs';
import { cpuMeter, leastDisturbed, listenOverflows, machineMeter } from './processes.mjs';

const WARM_UP_STREAMS = 10;
const WARM_UP_STREAMS_PER_CONNECTION = 10;

/**
 * Serves a hundred short streams first: a fresh process runs cold code and builds lazy state on its
 * first requests, and that belongs to the cold-start benchmark, not to the steady state measured here.
 */
async function warmUp(emulator) {
  await runClient('stream', [
    ...targetFlags({
      url: emulator.chatUrl,
      method: 'POST',
      headers: timingHeaders({ ttftMs: 1, itlMs: 1, outputLength: 20 }),
      body: chatBody({ stream: true }),
    }),
    '-streams',
    String(WARM_UP_STREAMS),
    '-count',
    String(WARM_UP_STREAMS_PER_CONNECTION),
    '-record=false',
  ]);
}

/**
 * Runs `streams` concurrent streams of `tokens` tokens at TTFT `ttftMs` and ITL `itlMs`. New streams
 * start during `rampS + durationS`, or `countPerConnection` of them per connection when given; the
 * first ones are staggered over `rampS` and only streams sent after the ramp are measured. `extraArgs`
 * go to the emulator's command line.
 */
async function timedStreamsOnce({
  streams,
  ttftMs,
  itlMs,
  tokens,
  rampS,
  durationS,
  countPerConnection = 0,
  extraArgs = [],
}) {
  const emulator = await startEmulator({ extraArgs });
  try {
    await warmUp(emulator);
    const meter = cpuMeter(emulator.pid);
    const machine = machineMeter();
    const overflowsBefore = listenOverflows();
    // The emulator's own lateness covers the measured streams' interval: cleared after the warm-up, and
    // again when the ramp ends (streams of the ramp still write then, as in any steady state).
    // A build without the reset (EMULATOR_CLI) reports lateness since its start instead.
    await emulator.resetStats().catch(() => {});
    const rampEnd = setTimeout(() => emulator.resetStats().catch(() => {}), rampS * 1000);
    const client = await runClient('stream', [
      ...targetFlags({
        url: emulator.chatUrl,
        method: 'POST',
        headers: timingHeaders({ ttftMs, itlMs, outputLength: tokens }),
        body: chatBody({ stream: true }),
      }),
      '-streams',
      String(streams),
      '-ttft-ms',
      String(ttftMs),
      '-itl-ms',
      String(itlMs),
      '-tokens',
      String(tokens),
      '-ramp',
      `${rampS}s`,
      '-duration',
      `${durationS}s`,
      '-count',
      String(countPerConnection),
    ]).finally(() => clearTimeout(rampEnd));
    const serverCpu = meter.stop();
    const { busyCores } = machine.stop();
    const acceptQueueOverflows = listenOverflows() - overflowsBefore;
    // What the rest of the machine used meanwhile: other jobs that took CPU from the emulator or client.
    const otherCores = Math.max(0, busyCores - serverCpu.cores - client.clientCpu.cores);
    const emulatorStats = await emulator.stats().catch(() => null);
    // CPU per delivered token: what the emulator's core spends on each timed write.
    const serverCpuUsPerToken =
      client.tokensDelivered > 0 ? (serverCpu.cpuMs * 1000) / client.tokensDelivered : null;
    return {
      client,
      serverCores: serverCpu.cores,
      serverSystemShare: serverCpu.systemShare,
      serverCpuUsPerToken,
      otherCores,
      acceptQueueOverflows,
      emulatorStats,
    };
  } finally {
    await emulator.stop();
  }
}

/**
 * {@link timedStreamsOnce}, repeated while other work disturbed it (see leastDisturbed: ATTEMPTS and
 * DISTURBED_CORES), each attempt on a fresh emulator.
 */
export function timedStreams(options) {
  return leastDisturbed(() => timedStreamsOnce(options));
}
