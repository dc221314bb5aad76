import type { Percentiles } from '../attribution/attribution-summary.js';
import type { Measure } from '../attribution/join.js';
import type { Comparison, ScenarioComparison } from './compare.js';
import { COMPARED_MEASURES } from './run-distributions.js';

const WIDTH = 10;
const COLUMNS = ['p50', 'p90', 'p99', 'p99.9'] as const;

function cells(percentiles: Percentiles | null, signed: boolean): string {
  if (percentiles === null) return '—'.padStart(WIDTH);
  return [percentiles.p50, percentiles.p90, percentiles.p99, percentiles.p99_9]
    .map((value) => `${signed && value > 0 ? '+' : ''}${value.toFixed(3)}`.padStart(WIDTH))
    .join('');
}

function errorsText(requests: number, errors: number): string {
  if (requests === 0) return '';
  return `${errors}/${requests} errors (${((100 * errors) / requests).toFixed(2)}%)`;
}

function renderScenario(scenario: ScenarioComparison, labelWidth: number, budgetMs: number | null): string[] {
  const lines = [
    `scenario ${scenario.scenario === '*' ? '(all)' : scenario.scenario}`,
    `${''.padEnd(labelWidth + 8)}${COLUMNS.map((column) => column.padStart(WIDTH)).join('')}`,
  ];
  const [baseline] = scenario.runs;
  for (const { measure, title } of COMPARED_MEASURES) {
    lines.push(`  ${title}`);
    for (const run of scenario.runs) {
      lines.push(`    ${run.label.padEnd(labelWidth + 4)}${cells(run.observed[measure as Measure], false)}`);
    }
    for (const versus of scenario.versusBaseline) {
      const added = versus.added[measure as Measure];
      const overBudget =
        budgetMs !== null && added !== null && added.p99 > budgetMs ? '  ✗ p99 over budget' : '';
      lines.push(`    ${`${versus.label} added`.padEnd(labelWidth + 4)}${cells(added, true)}${overBudget}`);
      const pathAdded = versus.pathAdded?.[measure as Measure] ?? null;
      if (versus.pathAdded !== null) {
        lines.push(
          `    ${`${versus.label} added, attributed`.padEnd(labelWidth + 4)}${cells(pathAdded, true)}`,
        );
      }
      const guard = versus.guard?.[measure as Measure];
      if (guard?.flagged) lines.push(`      ⚠ mock ceiling: ${guard.reasons.join('; ')}`);
    }
  }
  lines.push(
    `  errors: ${scenario.runs.map((run) => `${run.label} ${errorsText(run.requests, run.errors)}`).join(', ')}`,
  );
  if (baseline !== undefined && scenario.versusBaseline.every((versus) => versus.guard === null)) {
    lines.push(
      '  (no ground truth: the added latency is not attributed and the mock-ceiling guard did not run)',
    );
  }
  return lines;
}

/**
 * The side-by-side table: per scenario and measure, each run's observed percentiles, what each adds over the
 * baseline (the first run) percentile by percentile, and — with the ground truth — the same for the attributed
 * path share (observed at the client − actually sent), which leaves the emulator's own lateness out.
 */
export function renderComparison(comparison: Comparison, budgetMs: number | null = null): string {
  const labelWidth = Math.max(...comparison.labels.map((label) => label.length + 20));
  const lines = [
    `compare: ${comparison.labels.join(' vs ')}; ms; "added" = run − ${comparison.labels[0]} at each percentile` +
      (budgetMs === null ? '' : `; budget for added p99 ${budgetMs} ms`),
  ];
  for (const scenario of comparison.scenarios)
    lines.push('', ...renderScenario(scenario, labelWidth, budgetMs));
  if (budgetMs !== null) {
    for (const label of comparison.labels.slice(1)) {
      const crossing = comparison.scenarios.find((scenario) =>
        scenario.versusBaseline.some(
          (versus) =>
            versus.label === label &&
            COMPARED_MEASURES.some(({ measure }) => (versus.added[measure as Measure]?.p99 ?? 0) > budgetMs),
        ),
      );
      lines.push(
        crossing === undefined
          ? `${label}: added p99 within ${budgetMs} ms in every scenario`
          : `${label}: added p99 first exceeds ${budgetMs} ms in scenario ${crossing.scenario}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
