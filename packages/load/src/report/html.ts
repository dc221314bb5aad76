import { METRIC } from '@tokenpace/core/protocol';
import type { HistogramGroup, HistogramSet } from './histogram-set.js';
import { METRIC_BY_SHORT_NAME } from './metrics.js';
import { percentileDistribution } from './percentile-distribution.js';
import type { DistributionSummary, ReportSummary, ScenarioSummary } from './summary.js';
import { escapeHtml, type PlotSeries, renderPlotFigure } from './svg-plot.js';
import { FAMILY_TITLES, formatRate } from './table.js';
import { formatMicrosAsMs, MICROS_PER_MS, msToMicros } from './units.js';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
const PLOT_TICKS_PER_HALF_DISTANCE = 5;

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.2rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; } h3 { font-size: 1rem; }
.plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1rem; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: .25rem; }
svg.plot { width: 100%; height: auto; font: 11px system-ui, sans-serif; }
svg .frame { fill: #fff; stroke: #999; } svg .grid { stroke: #e6e6e6; } svg .series { fill: none; stroke-width: 1.8; }
.legend { list-style: none; padding: 0; margin: .25rem 0 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: 12px; }
.swatch { display: inline-block; width: 22px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: .3rem; }
.swatch.dashed { border-top-style: dashed; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
th, td { padding: 2px 10px; text-align: right; border-bottom: 1px solid #eee; } th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; }
.pass { color: #1a7f37; } .fail { color: #cf222e; } .warn { color: #9a6700; }
code { font: 13px ui-monospace, monospace; }
`;

/**
 * A self-contained page: inline CSS and inline SVG only, nothing fetched. Per scenario, HDR percentile
 * plots of observed vs configured TTFT and ITL and of their deltas, then the table; SLOs on top.
 */
export function renderHtml(set: HistogramSet, summary: ReportSummary): string {
  const groups = set.groups();
  const body: string[] = [
    '<h1>tokenpace report</h1>',
    `<p>${plural(summary.inputs.files.length + summary.inputs.histograms.length, 'input')}, ${summary.samples} samples. ` +
      'Times in ms (µs resolution); percentiles from HDR histograms (3 significant digits); min, mean and max exact. ' +
      'The x axis is the percentile on the 1/(1−p) log scale.</p>',
  ];
  if (summary.slos.length > 0) {
    body.push('<h2>SLOs</h2>', '<ul>');
    for (const slo of summary.slos) {
      const mark = slo.passed ? '<span class="pass">✓</span>' : '<span class="fail">✗</span>';
      body.push(`<li>${mark} <code>${escapeHtml(slo.expression)}</code>: ${escapeHtml(slo.actualText)}</li>`);
    }
    body.push('</ul>');
  }
  if (summary.warnings.length > 0) {
    body.push(
      '<ul>',
      ...summary.warnings.map((warning) => `<li class="warn">${escapeHtml(warning)}</li>`),
      '</ul>',
    );
  }
  for (const scenario of summary.scenarios) {
    const ofScenario = groups.filter((group) => group.scenario === scenario.scenario);
    body.push(`<h2>scenario ${escapeHtml(scenario.scenario)}</h2>`, '<div class="plots">');
    body.push(
      renderPlotFigure('TTFT: observed (solid) vs configured (dashed)', [
        ...curves(ofScenario, METRIC.ttft, false),
        ...curves(ofScenario, METRIC.ttftConfigured, true),
      ]),
      renderPlotFigure('ITL: observed (solid) vs configured (dashed)', [
        ...curves(ofScenario, METRIC.itl, false),
        ...curves(ofScenario, METRIC.itlConfigured, true),
      ]),
      renderPlotFigure('Observed − configured: TTFT (solid), ITL (dashed)', [
        ...curves(ofScenario, METRIC.ttftDelta, false, 'TTFT '),
        ...curves(ofScenario, METRIC.itlDelta, true, 'ITL '),
      ]),
    );
    body.push('</div>', renderScenarioTable(scenario));
  }
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>tokenpace report</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** One curve per configured value of a metric; the colour follows the configured value's position. */
function curves(
  groups: readonly HistogramGroup[],
  metricName: string,
  dashed: boolean,
  prefix = '',
): PlotSeries[] {
  const ofMetric = groups.filter((group) => group.metric.name === metricName);
  return ofMetric.map((group, index) => ({
    name: `${prefix}${group.metric.label} (${describeKey(group)})`,
    color: PALETTE[index % PALETTE.length] as string,
    dashed,
    // Clamped to the exact [min, max] as in the table: a constant configured value plots as itself.
    points: percentileDistribution(group.histogram, PLOT_TICKS_PER_HALF_DISTANCE).map((point) => ({
      percentile: point.percentile,
      value:
        clamp(point.value, group.histogram.min ?? point.value, group.histogram.max ?? point.value) /
        MICROS_PER_MS,
    })),
  }));
}

/** `cfg_ttft_ms=100`: the key tags with their values, as a legend names a curve. */
function describeKey(group: HistogramGroup): string {
  return group.metric.keyTags.map((tag, index) => `${tag}=${group.configured[index] ?? ''}`).join(', ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

function renderScenarioTable(scenario: ScenarioSummary): string {
  const rows: string[] = [];
  let family: string | undefined;
  for (const group of scenario.groups) {
    if (group.family !== family) {
      family = group.family;
      rows.push(
        `<tr><th colspan="2">${escapeHtml(FAMILY_TITLES[group.family])}</th><th>count</th><th>min</th><th>mean</th>` +
          '<th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>',
      );
    }
    Object.entries(group.metrics).forEach(([shortName, metric], index) => {
      const series = METRIC_BY_SHORT_NAME.get(shortName)?.label ?? shortName;
      const cells =
        metric.kind === 'rate'
          ? `<td colspan="7">${escapeHtml(formatRate(metric))}</td>`
          : [metric.min, metric.mean, metric.p50, metric.p90, metric.p99, metric.p99_9, metric.max]
              .map((value) => `<td>${formatValue(metric, value)}</td>`)
              .join('');
      rows.push(
        `<tr><td>${index === 0 ? escapeHtml(group.label) : ''}</td><td>${escapeHtml(series)}</td><td>${metric.count}</td>${cells}</tr>`,
      );
    });
  }
  return `<table>\n${rows.join('\n')}\n</table>`;
}

function formatValue(metric: DistributionSummary, value: number): string {
  return metric.kind === 'time' ? formatMicrosAsMs(msToMicros(value)) : String(value);
}
