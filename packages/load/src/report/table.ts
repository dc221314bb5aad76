import { FAMILY_KEY_TAGS, METRIC_BY_SHORT_NAME, type MetricFamily } from './metrics.js';
import type { SloResult } from './slo-evaluate.js';
import {
  type DistributionSummary,
  type GroupSummary,
  type MetricSummary,
  type RateSummary,
  type ReportSummary,
  type ScenarioSummary,
  SUMMARY_PERCENTILES,
} from './summary.js';
import { formatMicrosAsMs, msToMicros } from './units.js';

const COUNT_WIDTH = 9;
const STAT_WIDTH = 11;
const SERIES_WIDTH = 14;
/** Longer configured labels (e.g. distributions) get a line of their own, keeping rows within 110 columns. */
const MAX_LABEL_WIDTH = 24;
const STAT_COLUMNS = [...SUMMARY_PERCENTILES.map(({ key }) => key), 'max'] as const;
const STAT_HEADERS = [...SUMMARY_PERCENTILES.map(({ percentile }) => `p${percentile}`), 'max'];

export const FAMILY_TITLES: Readonly<Record<MetricFamily, string>> = {
  ttft: `TTFT by ${FAMILY_KEY_TAGS.ttft.join('/')}`,
  itl: `ITL by ${FAMILY_KEY_TAGS.itl.join('/')}`,
  request: 'requests by ttft/itl/length/mode',
};

/** What the short request title stands for, printed once in the table's heading. */
const REQUEST_KEY_NOTE = `requests keyed by ${FAMILY_KEY_TAGS.request.join('/')}`;

/**
 * The percentile table: per scenario, per metric family, per configured value, one row per metric
 * (count, p50, p90, p99, p99.9, max). Times in ms with 3 decimals (µs resolution), built from digits.
 * Fits 110 columns for configured labels up to ~28 characters.
 */
export function renderTable(summary: ReportSummary): string {
  const inputs = summary.inputs.files.length + summary.inputs.histograms.length;
  const lines = [
    `tokenpace report: ${inputs} input${inputs === 1 ? '' : 's'}, ${summary.samples} samples; ` +
      'times in ms (µs resolution), max exact',
    `HDR percentiles (3 significant digits); ${REQUEST_KEY_NOTE}`,
  ];
  for (const scenario of summary.scenarios) lines.push('', ...renderScenario(scenario));
  return `${lines.join('\n')}\n`;
}

function renderScenario(scenario: ScenarioSummary): string[] {
  const labels = scenario.groups
    .map((group) => group.label.length)
    .filter((length) => length <= MAX_LABEL_WIDTH);
  const labelWidth = Math.max(3, ...labels);
  const titleWidth = Math.max(...Object.values(FAMILY_TITLES).map((title) => title.length + 1));
  const leftWidth = Math.max(2 + labelWidth + 2 + SERIES_WIDTH, 2 + titleWidth);
  const lines = [`scenario ${scenario.scenario}`];
  let family: MetricFamily | undefined;
  for (const group of scenario.groups) {
    if (group.family !== family) {
      family = group.family;
      const header = `  ${FAMILY_TITLES[family]}`.padEnd(leftWidth) + 'count'.padStart(COUNT_WIDTH);
      lines.push(header + STAT_HEADERS.map((name) => name.padStart(STAT_WIDTH)).join(''));
    }
    lines.push(...renderGroup(group, labelWidth, leftWidth));
  }
  return lines;
}

function renderGroup(group: GroupSummary, labelWidth: number, leftWidth: number): string[] {
  const ownLine = group.label.length > labelWidth;
  const rows = Object.entries(group.metrics).map(([shortName, metric], index) => {
    const series = METRIC_BY_SHORT_NAME.get(shortName)?.label ?? shortName;
    const label = index === 0 && !ownLine ? group.label : '';
    const left = `  ${label.padEnd(labelWidth)}  ${series}`.padEnd(leftWidth);
    return (left + String(metric.count).padStart(COUNT_WIDTH) + renderStats(metric)).trimEnd();
  });
  return ownLine ? [`  ${group.label}`, ...rows] : rows;
}

function renderStats(metric: MetricSummary): string {
  if (metric.kind === 'rate') return `    ${formatRate(metric)}`;
  return STAT_COLUMNS.map((column) => formatValue(metric, metric[column]).padStart(STAT_WIDTH)).join('');
}

function formatValue(metric: DistributionSummary, value: number): string {
  return metric.kind === 'time' ? formatMicrosAsMs(msToMicros(value)) : String(value);
}

export function formatRate(metric: RateSummary): string {
  return `${(metric.rate * 100).toFixed(3)}% (${metric.trueCount} of ${metric.count})`;
}

/** One line per SLO: ✓ or ✗, the expression, the actual value and the samples it covers. */
export function renderSloLines(results: readonly SloResult[]): string {
  if (results.length === 0) return '';
  const width = Math.max(...results.map((result) => result.expression.length));
  const lines = results.map(
    (result) =>
      `${result.passed ? '✓' : '✗'} ${result.expression.padEnd(width)}  actual ${result.actualText}` +
      (result.count > 0 ? `, n=${result.count}` : ''),
  );
  return `${lines.join('\n')}\n`;
}
