// One fidelity level as a table row, shared by bench/fidelity.mjs (console) and bench/summary.mjs (BENCHMARKS.md).
import { fixed } from './options.mjs';

/** ms → whole µs. */
export const us = (ms) => fixed(ms * 1000, 0);

/** A share of CPU time as a percentage; — when the run did not record it. */
export const percent = (share) => (share === undefined ? '—' : `${fixed(100 * share, 0)} %`);

/** Share of the client's reads dated by the kernel's receive time; — for runs before the client recorded it. */
function readClock({ kernelStampedReads, readClockReads }) {
  if (kernelStampedReads === undefined) return '—';
  return `${fixed((100 * kernelStampedReads) / Math.max(1, kernelStampedReads + readClockReads), 1)} %`;
}

/** The columns of one level of a fidelity result, keyed by their headings, in table order. */
export function fidelityRow({
  streams,
  client,
  serverCores,
  serverSystemShare,
  serverCpuUsPerToken,
  otherCores,
  acceptQueueOverflows,
  emulatorStats,
}) {
  return {
    streams,
    measured: client.counts.measured,
    failed: client.counts.failed + client.counts.tokenMismatch,
    'TTFT p50': us(client.ttftAbsErrorMs.p50),
    'TTFT p99': us(client.ttftAbsErrorMs.p99),
    'TTFT max': us(client.ttftAbsErrorMs.max),
    'ITL p50': us(client.itlAbsErrorMs.p50),
    'ITL p99': us(client.itlAbsErrorMs.p99),
    'ITL max': us(client.itlAbsErrorMs.max),
    'drift p50': us(client.driftAbsMs.p50),
    'drift p99': us(client.driftAbsMs.p99),
    'drift max': us(client.driftAbsMs.max),
    'emulator lateness p99': emulatorStats?.lateness ? emulatorStats.lateness.p99Us : '—',
    'server cores': fixed(serverCores, 2),
    'server µs/token': fixed(serverCpuUsPerToken, 1),
    'in kernel': percent(serverSystemShare),
    'client cores': fixed(client.clientCpu.cores, 2),
    'other cores': fixed(otherCores, 2),
    'accept overflows': acceptQueueOverflows ?? '—',
    'client reads dated by kernel': readClock(client.counts),
  };
}
