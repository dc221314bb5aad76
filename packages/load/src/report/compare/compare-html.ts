import type { Measure } from '../attribution/join.js';
import { percentileDistribution } from '../percentile-distribution.js';
import type { SignedHistogram } from '../signed-histogram.js';
import { escapeHtml, type PlotSeries, renderPlotFigure } from '../svg-plot.js';
import type { Comparison } from './compare.js';
import { renderComparison } from './render-compare.js';
import { COMPARED_MEASURES } from './run-distributions.js';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf'];
const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.2rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
.plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1rem; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: .25rem; }
svg.plot { width: 100%; height: auto; font: 11px system-ui, sans-serif; }
svg .frame { fill: #fff; stroke: #999; } svg .grid { stroke: #e6e6e6; } svg .series { fill: none; stroke-width: 1.8; }
.legend { list-style: none; padding: 0; margin: .25rem 0 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: 12px; }
.swatch { display: inline-block; width: 22px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: .3rem; }
.swatch.dashed { border-top-style: dashed; }
pre { font: 12px ui-monospace, monospace; overflow-x: auto; background: #f6f8fa; padding: .75rem; }
`;

function series(name: string, histogram: SignedHistogram, color: string, dashed: boolean): PlotSeries | null {
  if (histogram.count === 0) return null;
  return {
    name,
    color,
    dashed,
    points: percentileDistribution(histogram, 5).map((point) => ({
      percentile: point.percentile,
      value:
        Math.min(Math.max(point.value, histogram.min ?? point.value), histogram.max ?? point.value) / 1000,
    })),
  };
}

/** A self-contained page: per scenario and measure, every run's percentile curve, and the attributed path curves. */
export function renderComparisonHtml(comparison: Comparison, budgetMs: number | null = null): string {
  const body = [
    `<h1>tokenpace comparison: ${escapeHtml(comparison.labels.join(' vs '))}</h1>`,
    '<p>Observed percentiles (solid) of each run; with the ground truth, the attributed path share — observed at ' +
      'the client minus actually sent by the emulator — dashed. The x axis is the percentile on the 1/(1−p) log scale.</p>',
  ];
  for (const scenario of comparison.scenarios) {
    body.push(
      `<h2>scenario ${escapeHtml(scenario.scenario === '*' ? '(all)' : scenario.scenario)}</h2>`,
      '<div class="plots">',
    );
    for (const { measure, title } of COMPARED_MEASURES) {
      const observed = scenario.curves
        .map((run, index) =>
          series(
            run.label,
            run.observed[measure as Measure],
            PALETTE[index % PALETTE.length] as string,
            false,
          ),
        )
        .filter((line): line is PlotSeries => line !== null);
      const paths = scenario.curves
        .map((run, index) =>
          run.path === null
            ? null
            : series(
                `${run.label} path`,
                run.path[measure as Measure],
                PALETTE[index % PALETTE.length] as string,
                true,
              ),
        )
        .filter((line): line is PlotSeries => line !== null);
      body.push(
        renderPlotFigure(`${title}: observed`, observed),
        renderPlotFigure(`${title}: path share (observed − actually sent)`, paths),
      );
    }
    body.push('</div>');
  }
  body.push(`<h2>table</h2><pre>${escapeHtml(renderComparison(comparison, budgetMs))}</pre>`);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>tokenpace comparison</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
