import type { HistogramGroup, HistogramSet } from './histogram-set.js';
import type { MetricFamily } from './metrics.js';
import type { SloResult } from './slo-evaluate.js';
import { exactMean, percentileValue } from './statistics.js';
import { microsToMs, roundHalfAwayFromZero } from './units.js';

export const SUMMARY_FORMAT = 'tokenpace-summary/1';

/** Percentiles of the table and summary.json, with their JSON keys. */
export const SUMMARY_PERCENTILES = [
  { key: 'p50', percentile: 50 },
  { key: 'p90', percentile: 90 },
  { key: 'p99', percentile: 99 },
  { key: 'p99_9', percentile: 99.9 },
] as const;

export type PercentileKey = (typeof SUMMARY_PERCENTILES)[number]['key'];

/** A time (ms, µs resolution) or token-count distribution. min, mean and max are exact. */
export interface DistributionSummary extends Readonly<Record<PercentileKey, number>> {
  readonly kind: 'time' | 'count';
  readonly unit: 'ms' | 'tokens';
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly max: number;
}

export interface RateSummary {
  readonly kind: 'rate';
  readonly count: number;
  readonly trueCount: number;
  readonly rate: number;
}

export type MetricSummary = DistributionSummary | RateSummary;

export interface GroupSummary {
  readonly family: MetricFamily;
  /** The configured values keying this group (cfg_* tag → value). */
  readonly configured: Readonly<Record<string, string>>;
  /** The configured values joined with '/', '-' for a missing tag. */
  readonly label: string;
  /** By short metric name (ttft, ttft_delta, …), in protocol order. */
  readonly metrics: Readonly<Record<string, MetricSummary>>;
}

export interface ScenarioSummary {
  readonly scenario: string;
  readonly groups: readonly GroupSummary[];
}

export interface ReportSummary {
  readonly format: typeof SUMMARY_FORMAT;
  readonly inputs: { readonly files: readonly string[]; readonly histograms: readonly string[] };
  readonly samples: number;
  readonly warnings: readonly string[];
  readonly scenarios: readonly ScenarioSummary[];
  readonly slos: readonly SloResult[];
}

export interface SummaryContext {
  readonly files: readonly string[];
  readonly histogramFiles: readonly string[];
  readonly warnings: readonly string[];
  readonly slos: readonly SloResult[];
}

/** The report's table as data: per scenario, per configured value, every metric's statistics. */
export function summarize(set: HistogramSet, context: SummaryContext): ReportSummary {
  const scenarios: ScenarioSummary[] = [];
  let scenario: { scenario: string; groups: GroupSummary[] } | undefined;
  let current:
    | { family: MetricFamily; label: string; group: GroupSummary; metrics: Record<string, MetricSummary> }
    | undefined;
  for (const group of set.groups()) {
    if (scenario?.scenario !== group.scenario) {
      scenario = { scenario: group.scenario, groups: [] };
      scenarios.push(scenario);
      current = undefined;
    }
    const label = configuredLabel(group.configured);
    if (current === undefined || current.family !== group.metric.family || current.label !== label) {
      const metrics: Record<string, MetricSummary> = {};
      const summary: GroupSummary = {
        family: group.metric.family,
        configured: configuredTags(group),
        label,
        metrics,
      };
      current = { family: group.metric.family, label, group: summary, metrics };
      scenario.groups.push(summary);
    }
    current.metrics[group.metric.shortName] = summarizeMetric(group);
  }
  return {
    format: SUMMARY_FORMAT,
    inputs: { files: [...context.files], histograms: [...context.histogramFiles] },
    samples: set.sampleCount,
    warnings: [...context.warnings],
    scenarios,
    slos: [...context.slos],
  };
}

export function summarizeMetric(group: HistogramGroup): MetricSummary {
  const histogram = group.histogram;
  if (group.metric.kind === 'rate') {
    return {
      kind: 'rate',
      count: histogram.count,
      trueCount: histogram.sum,
      rate: histogram.count === 0 ? 0 : histogram.sum / histogram.count,
    };
  }
  const time = group.metric.kind === 'time';
  const display = time ? microsToMs : (value: number) => value;
  const percentiles = Object.fromEntries(
    SUMMARY_PERCENTILES.map(({ key, percentile }) => [key, display(percentileValue(histogram, percentile))]),
  ) as Record<PercentileKey, number>;
  return {
    kind: time ? 'time' : 'count',
    unit: time ? 'ms' : 'tokens',
    count: histogram.count,
    min: display(histogram.min ?? 0),
    mean: time ? microsToMs(exactMean(histogram)) : roundHalfAwayFromZero(exactMean(histogram) * 1000) / 1000,
    ...percentiles,
    max: display(histogram.max ?? 0),
  };
}

/** '-' stands for a tag the samples did not carry. */
export function configuredLabel(configured: readonly string[]): string {
  return configured.map((value) => (value === '' ? '-' : value)).join('/');
}

function configuredTags(group: HistogramGroup): Record<string, string> {
  return Object.fromEntries(group.metric.keyTags.map((tag, index) => [tag, group.configured[index] ?? '']));
}
