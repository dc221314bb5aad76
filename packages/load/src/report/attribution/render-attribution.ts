import type { AttributionSummary, Percentiles } from './attribution-summary.js';
import type { Measure, Share } from './join.js';

const COLUMNS = ['p50', 'p90', 'p99', 'p99.9', 'max'] as const;
const WIDTH = 10;
const LABEL_WIDTH = 40;

const MEASURE_TITLES: Record<Measure, string> = { ttft: 'TTFT', itl: 'ITL (per gap)', e2e: 'end (e2e)' };
const SHARE_LABELS: Record<Share, string> = {
  observedMinusConfigured: 'observed − configured',
  path: 'path: observed − actually sent',
  emulator: 'emulator: actually sent − configured',
};

function formatMs(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

function row(label: string, percentiles: Percentiles | null, decimals = 3): string {
  const cells =
    percentiles === null
      ? ['—', '', '', '', ''].map((cell) => cell.padStart(WIDTH))
      : [percentiles.p50, percentiles.p90, percentiles.p99, percentiles.p99_9, percentiles.max].map((value) =>
          formatMs(value, decimals).padStart(WIDTH),
        );
  return `${label.padEnd(LABEL_WIDTH)}${cells.join('')}`;
}

/** Decimals that show a value rounded to `stepMs` and no more. */
function decimalsFor(stepMs: number): number {
  return Math.max(0, Math.min(3, Math.ceil(-Math.log10(stepMs) - 1e-9)));
}

/** The attribution table: per scenario, per measure, the three shares' percentiles in ms. */
export function renderAttribution(summary: AttributionSummary): string {
  const lines = [
    `attribution: ${summary.matched} requests joined with the ground truth` +
      `; ${summary.clientOnly} only at the client, ${summary.serverOnly} only in the log` +
      (summary.duplicateKeys > 0 ? `, ${summary.duplicateKeys} logged more than once (left out)` : ''),
    'times in ms; path and emulator shares are durations on each side’s own clock (no offset needed)',
  ];
  const clock = summary.clock;
  lines.push(
    clock === null
      ? 'clock offset: not estimated (fewer than 3 round trips); one-way legs not shown'
      : `clock offset (server − client): ${clock.offsetMs.toFixed(3)} ms ± ${clock.uncertaintyMs.toFixed(3)} ms ` +
          `from ${clock.roundTrips} round trips; one-way legs rounded to ${clock.printStepMs} ms`,
  );
  for (const scenario of summary.scenarios) {
    lines.push(
      '',
      `scenario ${scenario.scenario}: ${scenario.requests} requests` +
        (scenario.failed > 0 ? `, ${scenario.failed} failed (not timed)` : '') +
        (scenario.gapMismatches > 0 ? `, ${scenario.gapMismatches} without per-gap match` : ''),
      `${''.padEnd(LABEL_WIDTH)}${COLUMNS.map((column) => column.padStart(WIDTH)).join('')}`,
    );
    for (const measure of ['ttft', 'itl', 'e2e'] as const) {
      lines.push(`  ${MEASURE_TITLES[measure]}`);
      for (const share of ['observedMinusConfigured', 'path', 'emulator'] as const) {
        lines.push(row(`    ${SHARE_LABELS[share]}`, scenario.measures[measure][share]));
      }
    }
    if (clock !== null) {
      const decimals = decimalsFor(clock.printStepMs);
      lines.push(`  one-way, ± ${clock.uncertaintyMs.toFixed(3)} ms`);
      lines.push(row('    request leg: sent → arrived', scenario.requestLeg, decimals));
      lines.push(row('    first token: sent → received', scenario.firstTokenLeg, decimals));
    }
  }
  return `${lines.join('\n')}\n`;
}
