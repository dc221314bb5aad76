#!/usr/bin/env node
// Memory: RSS of the emulator process (VmRSS from /proc/<pid>/status) when idle after a warm-up, and
// with 1,000 and 5,000 open streams that wait on a long TTFT. Each level runs on a fresh emulator.
//
//   node bench/memory.mjs    # HOLD_LEVELS=1000,5000 HEAP_SNAPSHOTS=0
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goVersion, holdStreams, runClient, targetFlags } from './lib/client.mjs';
import {
  chatBody,
  EMULATOR_ARGS,
  emulatorRevision,
  protocol,
  startEmulator,
  timingHeaders,
} from './lib/emulator.mjs';
import {
  heapByConstructor,
  heapGrowth,
  heapSnapshotNodeArgs,
  takeHeapSnapshot,
} from './lib/heap-snapshot.mjs';
import { fixed, numbersFromEnv } from './lib/options.mjs';
import { listenOverflows, placement, quietMoment, rssKiB } from './lib/processes.mjs';
import { printTable, writeResult } from './lib/stats.mjs';

const LEVELS = numbersFromEnv('HOLD_LEVELS', [1000, 5000]);
/** HEAP_SNAPSHOTS=1 also diffs heap snapshots (idle vs held) by constructor; slower, and pauses the emulator. */
const HEAP_SNAPSHOTS = process.env.HEAP_SNAPSHOTS === '1';
const TARGET_MIB_PER_1000 = 20;
const OUTPUT_TOKENS = 100;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Median of a few RSS samples taken `intervalMs` apart, so one GC or allocation burst does not decide. */
async function settledRssKiB(pid, samples = 5, intervalMs = 400) {
  const values = [];
  for (let index = 0; index < samples; index += 1) {
    if (index > 0) await sleep(intervalMs);
    values.push(rssKiB(pid));
  }
  return values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

const levels = [];
for (const streams of LEVELS) {
  await quietMoment();
  const snapshotDir = HEAP_SNAPSHOTS ? mkdtempSync(join(tmpdir(), 'tokenpace-heap-')) : null;
  const emulator = await startEmulator({
    nodeArgs: snapshotDir === null ? [] : heapSnapshotNodeArgs(snapshotDir),
  });
  try {
    // Warm up: serve real streams first, so lazily loaded parts (tokenizer ranks, compiled code)
    // are in the idle figure and not charged to the held streams.
    await runClient('stream', [
      ...targetFlags({
        url: emulator.chatUrl,
        method: 'POST',
        headers: timingHeaders({ ttftMs: 0, itlMs: 1, outputLength: OUTPUT_TOKENS }),
        body: chatBody({ stream: true }),
      }),
      '-streams',
      '50',
      '-duration',
      '2s',
      '-record=false',
    ]);
    const idleKiB = await settledRssKiB(emulator.pid);

    const overflowsBefore = listenOverflows();
    const hold = holdStreams([
      ...targetFlags({
        url: emulator.chatUrl,
        method: 'POST',
        headers: timingHeaders({ ttftMs: protocol.MAX_TTFT_MS, itlMs: 20, outputLength: OUTPUT_TOKENS }),
        body: chatBody({ stream: true }),
      }),
      '-streams',
      String(streams),
      '-ramp',
      `${Math.max(1, streams / 2500)}s`,
      '-max-hold',
      '90s',
    ]);
    const ready = await hold.ready;
    const acceptQueueOverflows = listenOverflows() - overflowsBefore;
    await sleep(1000);
    const heldKiB = await settledRssKiB(emulator.pid);
    // Snapshots come after every RSS reading: writing one grows the process by hundreds of MiB. The
    // baseline is taken once the streams are released (a snapshot collects their garbage first).
    const snapshot = async () =>
      heapByConstructor(await takeHeapSnapshot(emulator.pid, snapshotDir, `${emulator.baseUrl}/health`));
    const heldHeap = snapshotDir === null ? null : await snapshot();
    const released = await hold.release();
    const heapGrowthPer1000 =
      heldHeap === null ? null : heapGrowth(await sleep(1000).then(snapshot), heldHeap, streams);
    const perThousandMiB = ((heldKiB - idleKiB) / 1024 / streams) * 1000;
    levels.push({
      streams,
      idleKiB,
      heldKiB,
      perThousandMiB,
      ready,
      released,
      acceptQueueOverflows,
      heapGrowthPer1000,
    });
  } finally {
    await emulator.stop();
    if (snapshotDir !== null) rmSync(snapshotDir, { recursive: true, force: true });
  }
}

printTable(
  levels.map((level) => ({
    streams: level.streams,
    'answered (headers)': level.ready.headers,
    'idle RSS MiB': fixed(level.idleKiB / 1024, 1),
    'held RSS MiB': fixed(level.heldKiB / 1024, 1),
    'MiB per 1,000 streams': fixed(level.perThousandMiB, 2),
    'ended early': level.released.ended,
    'accept overflows': level.acceptQueueOverflows,
  })),
);
for (const level of levels.filter((entry) => entry.heapGrowthPer1000 !== null)) {
  const growth = level.heapGrowthPer1000;
  console.log(
    `\n${level.streams} held streams: live JS heap +${fixed(growth.totalBytesPer / 2 ** 20, 2)} MiB per 1,000 streams, by constructor:`,
  );
  printTable(
    growth.top.map((row) => ({
      constructor: row.name,
      'objects per 1,000': fixed(row.count, 0),
      'KiB per 1,000': fixed(row.bytes / 1024, 1),
    })),
  );
}
const met = levels.every(
  (level) => level.ready.headers === level.streams && level.perThousandMiB <= TARGET_MIB_PER_1000,
);
console.log(`target ≤ ${TARGET_MIB_PER_1000} MiB per 1,000 idle open streams: ${met ? 'met' : 'missed'}`);
// Snapshot runs pause the emulator and are kept apart from the plain RSS run.
const file = writeResult(HEAP_SNAPSHOTS ? 'memory-heap' : 'memory', {
  parameters: {
    outputTokens: OUTPUT_TOKENS,
    ttftMs: protocol.MAX_TTFT_MS,
    placement,
    emulatorArgs: EMULATOR_ARGS,
    emulator: emulatorRevision(),
    go: goVersion(),
  },
  levels,
  target: { maxMiBPer1000Streams: TARGET_MIB_PER_1000, met },
});
console.log(`wrote ${file}`);
