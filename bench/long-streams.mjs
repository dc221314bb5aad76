#!/usr/bin/env node
// Long streams: does the schedule drift? After 1,000 and after 10,000 tokens, the last token's error
// against its absolute due time, minus the smallest error of any token of the same stream (its best-case
// transit): how far the schedule wandered by the end, apart from the TTFT error reported beside it.
// ITL is 5 ms by default so that 10,000 tokens take 50 s; drift is about accumulation, which a shorter
// ITL only makes harder.
//
//   node bench/long-streams.mjs    # LENGTHS=1000,10000 STREAMS=10 TTFT_MS=100 ITL_MS=5
import { goVersion } from './lib/client.mjs';
import { EMULATOR_ARGS, emulatorRevision } from './lib/emulator.mjs';
import { fixed, numberFromEnv, numbersFromEnv } from './lib/options.mjs';
import { placement } from './lib/processes.mjs';
import { printTable, writeResult } from './lib/stats.mjs';
import { timedStreams } from './lib/stream-run.mjs';

const LENGTHS = numbersFromEnv('LENGTHS', [1000, 10_000]);
const STREAMS = numberFromEnv('STREAMS', 10);
const TTFT_MS = numberFromEnv('TTFT_MS', 100);
const ITL_MS = numberFromEnv('ITL_MS', 5);
const TARGET = { tokens: 10_000, maxAbsDriftMs: 1 };

const runs = [];
for (const tokens of LENGTHS) {
  console.error(
    `${STREAMS} streams of ${tokens} tokens (${fixed((TTFT_MS + (tokens - 1) * ITL_MS) / 1000, 1)} s) …`,
  );
  // One stream per connection, staggered over a second: new connections that arrive together queue for
  // the first request's set-up, which would only add to the TTFT error.
  const run = await timedStreams({
    streams: STREAMS,
    ttftMs: TTFT_MS,
    itlMs: ITL_MS,
    tokens,
    rampS: 1,
    durationS: (TTFT_MS + tokens * ITL_MS) / 1000,
    countPerConnection: 1,
  });
  runs.push({ tokens, ...run });
}

const us = (ms) => fixed(ms * 1000, 0);
console.log(
  'µs; end = last token − (send + TTFT + (N−1)·ITL); drift = end − the smallest error of any token of the stream; ' +
    'schedule = every token against its due time from the send',
);
printTable(
  runs.map(({ tokens, client, serverCores, otherCores }) => ({
    tokens,
    streams: client.counts.measured,
    failed: client.counts.failed + client.counts.tokenMismatch,
    'TTFT err p50': us(client.ttftErrorMs.p50),
    'drift p50': us(client.driftMs.p50),
    'drift max': us(client.driftMs.max),
    'end err max': us(client.endErrorMs.max),
    'schedule p99': us(client.scheduleErrorMs.p99),
    'ITL|err| p99': us(client.itlAbsErrorMs.p99),
    'server cores': fixed(serverCores, 2),
    'other cores': fixed(otherCores, 2),
  })),
);
const atTarget = runs.find((run) => run.tokens === TARGET.tokens);
const met =
  atTarget === undefined
    ? null
    : atTarget.client.counts.measured === STREAMS && atTarget.client.driftAbsMs.max <= TARGET.maxAbsDriftMs;
console.log(
  `target: |drift| ≤ 1 ms after ${TARGET.tokens} tokens: ${met === null ? 'not run' : met ? 'met' : 'missed'}`,
);
const file = writeResult('long-streams', {
  parameters: {
    streams: STREAMS,
    ttftMs: TTFT_MS,
    itlMs: ITL_MS,
    lengths: LENGTHS,
    placement,
    emulatorArgs: EMULATOR_ARGS,
    emulator: emulatorRevision(),
    go: goVersion(),
  },
  runs,
  target: { ...TARGET, met },
});
console.log(`wrote ${file}`);
