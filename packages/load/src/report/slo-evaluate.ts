import type { HistogramGroup, HistogramSet } from './histogram-set.js';
import { SCENARIO_TAG } from './metrics.js';
import { SignedHistogram } from './signed-histogram.js';
import type { Slo } from './slo-parse.js';
import { percentileValue } from './statistics.js';
import { formatMicrosAsMs, roundHalfAwayFromZero } from './units.js';

export interface SloResult {
  readonly expression: string;
  readonly passed: boolean;
  /** The statistic in display units (ms for time metrics, a fraction for rates); null without samples. */
  readonly actual: number | null;
  /** The statistic as printed, e.g. "3.112ms", "0.0417 (4 of 96)", "no samples". */
  readonly actualText: string;
  /** Samples the SLO was evaluated on (all groups of the metric matching its tags, merged). */
  readonly count: number;
}

/** Evaluates an SLO over every histogram of its metric that matches its tags, merged exactly. */
export function evaluateSlo(slo: Slo, set: HistogramSet): SloResult {
  const merged = new SignedHistogram();
  for (const group of set.groups()) {
    if (group.metric !== slo.metric) continue;
    if (!Object.entries(slo.tags).every(([tag, value]) => groupTagValue(group, tag) === value)) continue;
    merged.add(group.histogram);
  }
  if (merged.count === 0) {
    return { expression: slo.expression, passed: false, actual: null, actualText: 'no samples', count: 0 };
  }
  const [numerator, denominator] = statisticAsFraction(slo, merged);
  const passed = compare(numerator, denominator, slo);
  const value = Number(numerator) / Number(denominator);
  return {
    expression: slo.expression,
    passed,
    actual: slo.metric.kind === 'time' && slo.stat.kind !== 'count' ? value / 1000 : value,
    actualText: describe(slo, merged, value),
    count: merged.count,
  };
}

function groupTagValue(group: HistogramGroup, tag: string): string | undefined {
  if (tag === SCENARIO_TAG) return group.scenario;
  const index = group.metric.keyTags.indexOf(tag);
  return index === -1 ? undefined : group.configured[index];
}

/** The statistic as an exact fraction of integers in recorded units (µs, tokens, 0/1). */
function statisticAsFraction(slo: Slo, histogram: SignedHistogram): [bigint, bigint] {
  switch (slo.stat.kind) {
    case 'percentile':
      return [BigInt(percentileValue(histogram, slo.stat.percentile)), 1n];
    case 'min':
      return [BigInt(histogram.min ?? 0), 1n];
    case 'max':
      return [BigInt(histogram.max ?? 0), 1n];
    case 'count':
      return [BigInt(histogram.count), 1n];
    case 'mean':
    case 'rate':
      return [BigInt(histogram.sum), BigInt(histogram.count)];
  }
}

/** numerator/denominator <op> digits × 10^-scale, in integers: no rounding anywhere. */
function compare(numerator: bigint, denominator: bigint, slo: Slo): boolean {
  const left = numerator * 10n ** BigInt(slo.threshold.scale);
  const right = slo.threshold.digits * denominator;
  switch (slo.operator) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

function describe(slo: Slo, histogram: SignedHistogram, value: number): string {
  if (slo.stat.kind === 'count') return String(value);
  if (slo.stat.kind === 'rate') return `${roundTo(value, 6)} (${histogram.sum} of ${histogram.count})`;
  if (slo.metric.kind === 'time') return `${formatMicrosAsMs(value)}ms`;
  return String(roundTo(value, 3));
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return roundHalfAwayFromZero(value * factor) / factor;
}
