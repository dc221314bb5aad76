import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readGroundTruth } from '../attribution/ground-truth-log.js';
import { UsageError } from '../errors.js';
import { type Comparison, compareRuns } from './compare.js';
import { renderComparisonHtml } from './compare-html.js';

export interface CompareFilesOptions {
  /** One entry per run: its files joined by commas. */
  readonly runs: readonly string[];
  readonly labels: readonly string[];
  readonly groundTruthFiles: readonly string[];
  readonly outDir: string;
  readonly budgetMs: number | null;
  readonly guardShare: number | undefined;
  readonly onWarning: (message: string) => void;
}

/** Compares the runs and writes compare.html and compare.json (without the histograms behind the curves). */
export async function compareFiles(
  options: CompareFilesOptions,
): Promise<{ comparison: Comparison; html: string; json: string }> {
  if (options.runs.length < 2)
    throw new UsageError('--compare needs at least two runs: a baseline and another');
  if (options.labels.length > 0 && options.labels.length !== options.runs.length) {
    throw new UsageError(
      `--labels names ${options.labels.length} runs, but ${options.runs.length} are given`,
    );
  }
  const runs = options.runs.map((files, index) => ({
    label: options.labels[index] ?? String.fromCharCode(65 + index),
    files: files.split(',').filter((file) => file !== ''),
  }));
  const groundTruth =
    options.groundTruthFiles.length === 0
      ? undefined
      : await readGroundTruth(options.groundTruthFiles, options.onWarning);
  const comparison = await compareRuns({
    runs,
    ...(groundTruth === undefined ? {} : { groundTruth }),
    ...(options.guardShare === undefined ? {} : { guardShare: options.guardShare }),
    onWarning: options.onWarning,
  });
  await mkdir(options.outDir, { recursive: true });
  const html = join(options.outDir, 'compare.html');
  await writeFile(html, renderComparisonHtml(comparison, options.budgetMs));
  const json = join(options.outDir, 'compare.json');
  const data = { ...comparison, scenarios: comparison.scenarios.map(({ curves: _curves, ...rest }) => rest) };
  await writeFile(json, `${JSON.stringify(data, null, 2)}\n`);
  return { comparison, html, json };
}

/** True when some run adds more than the budget at p99 in some scenario and measure. */
export function overBudget(comparison: Comparison, budgetMs: number | null): boolean {
  if (budgetMs === null) return false;
  return comparison.scenarios.some((scenario) =>
    scenario.versusBaseline.some((versus) =>
      Object.values(versus.added).some((added) => added !== null && added.p99 > budgetMs),
    ),
  );
}
