import { type Percentiles, percentilesOf } from '../attribution/attribution-summary.js';
import { readClientRequests } from '../attribution/client-requests.js';
import type { GroundTruth } from '../attribution/ground-truth-log.js';
import { type Attribution, attribute, MEASURES, type Measure } from '../attribution/join.js';
import type { HistogramSet } from '../histogram-set.js';
import { buildReport } from '../report.js';
import { SignedHistogram } from '../signed-histogram.js';
import { percentileValue } from '../statistics.js';
import { SUMMARY_PERCENTILES } from '../summary.js';
import { DEFAULT_GUARD_SHARE, type GuardVerdict, mockCeilingGuard } from './guard.js';
import { COMPARED_MEASURES, type RunDistributions, runDistributions } from './run-distributions.js';

export const COMPARE_FORMAT = 'tokenpace-compare/1';

export interface RunInput {
  readonly label: string;
  /** k6 `--out json` files of this run (several rounds merge). */
  readonly files: readonly string[];
}

/** One run in one scenario: observed percentiles, errors, and (with ground truth) the attributed shares. */
export interface RunScenario {
  readonly label: string;
  readonly requests: number;
  readonly errors: number;
  readonly observed: Record<Measure, Percentiles | null>;
  /** Path (observed − actually sent) and emulator (actually sent − configured) shares; null without ground truth. */
  readonly path: Record<Measure, Percentiles | null> | null;
  readonly emulator: Record<Measure, Percentiles | null> | null;
}

/** A run against the baseline (the first run) in one scenario, per measure. */
export interface AddedLatency {
  readonly label: string;
  /** Run − baseline at each percentile of the observed distributions, ms. */
  readonly added: Record<Measure, Percentiles | null>;
  /** Run − baseline at each percentile of the attributed path shares, ms; null without ground truth. */
  readonly pathAdded: Record<Measure, Percentiles | null> | null;
  /** The mock-ceiling guard at p99, per measure; null without ground truth (it needs the emulator's lateness). */
  readonly guard: Record<Measure, GuardVerdict> | null;
}

export interface ScenarioComparison {
  readonly scenario: string;
  readonly runs: readonly RunScenario[];
  readonly versusBaseline: readonly AddedLatency[];
  /** Histograms behind the page's curves: observed and path per run (µs). */
  readonly curves: readonly {
    label: string;
    observed: Record<Measure, SignedHistogram>;
    path: Record<Measure, SignedHistogram> | null;
  }[];
}

export interface Comparison {
  readonly format: typeof COMPARE_FORMAT;
  readonly labels: readonly string[];
  readonly scenarios: readonly ScenarioComparison[];
  readonly guardShare: number;
}

/** The scenario every run holds, in natural order (rate steps `gateway_r5` before `gateway_r10`); ['*'] for none. */
function sharedScenarios(sets: readonly Set<string>[]): string[] {
  const [first, ...rest] = sets;
  if (first === undefined) return [];
  const shared = [...first].filter((scenario) => rest.every((set) => set.has(scenario)));
  return shared.length === 0 ? ['*'] : shared.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

function percentileMap(histograms: Record<Measure, SignedHistogram>): Record<Measure, Percentiles | null> {
  return {
    ttft: percentilesOf(histograms.ttft),
    itl: percentilesOf(histograms.itl),
    e2e: percentilesOf(histograms.e2e),
  };
}

/** Run − baseline at each percentile, ms (µs resolution). */
function difference(run: SignedHistogram, baseline: SignedHistogram): Percentiles | null {
  if (run.count === 0 || baseline.count === 0) return null;
  const at = (percentile: number) =>
    (percentileValue(run, percentile) - percentileValue(baseline, percentile)) / 1000;
  const values = Object.fromEntries(SUMMARY_PERCENTILES.map(({ key, percentile }) => [key, at(percentile)]));
  return {
    count: run.count,
    min: ((run.min ?? 0) - (baseline.min ?? 0)) / 1000,
    ...(values as Omit<Percentiles, 'count' | 'min' | 'max'>),
    max: at(100),
  };
}

function shareTotals(
  attribution: Attribution,
  scenario: string,
  share: 'path' | 'emulator',
): Record<Measure, SignedHistogram> {
  const totals = { ttft: new SignedHistogram(), itl: new SignedHistogram(), e2e: new SignedHistogram() };
  for (const entry of attribution.scenarios) {
    if (scenario !== '*' && entry.scenario !== scenario) continue;
    for (const measure of MEASURES) totals[measure].add(entry.histograms[measure][share]);
  }
  return totals;
}

export interface CompareOptions {
  readonly runs: readonly RunInput[];
  readonly groundTruth?: GroundTruth;
  readonly guardShare?: number;
  readonly onWarning?: (message: string) => void;
}

/**
 * Compares runs of the same load (the first is the baseline, e.g. direct to the emulator) scenario by scenario:
 * each run's observed TTFT, ITL and e2e percentiles and errors, what each run adds over the baseline, and, with
 * the ground truth, the attributed path shares and the mock-ceiling guard.
 */
export async function compareRuns(options: CompareOptions): Promise<Comparison> {
  const onWarning = options.onWarning ?? (() => {});
  const guardShare = options.guardShare ?? DEFAULT_GUARD_SHARE;
  const loaded: {
    label: string;
    set: HistogramSet;
    attribution: Attribution | null;
    scenarios: Set<string>;
  }[] = [];
  for (const run of options.runs) {
    const report = await buildReport({ files: run.files, onWarning });
    const attribution =
      options.groundTruth === undefined
        ? null
        : attribute(await readClientRequests(run.files, onWarning), options.groundTruth);
    const scenarios = new Set(report.set.groups().map((group) => group.scenario));
    loaded.push({ label: run.label, set: report.set, attribution, scenarios });
  }
  const scenarios = sharedScenarios(loaded.map((run) => run.scenarios)).map((scenario) => {
    const filter = scenario === '*' ? null : new Set([scenario]);
    const distributions: RunDistributions[] = loaded.map((run) =>
      runDistributions(run.label, run.set, filter),
    );
    const paths = loaded.map((run) =>
      run.attribution === null ? null : shareTotals(run.attribution, scenario, 'path'),
    );
    const emulators = loaded.map((run) =>
      run.attribution === null ? null : shareTotals(run.attribution, scenario, 'emulator'),
    );
    const runs: RunScenario[] = distributions.map((run, index) => ({
      label: run.label,
      requests: run.requests,
      errors: run.errors,
      observed: percentileMap(run.histograms),
      path: paths[index] ? percentileMap(paths[index] as Record<Measure, SignedHistogram>) : null,
      emulator: emulators[index] ? percentileMap(emulators[index] as Record<Measure, SignedHistogram>) : null,
    }));
    const baseline = distributions[0] as RunDistributions;
    const baselinePath = paths[0] ?? null;
    const baselineEmulator = emulators[0] ?? null;
    const versusBaseline: AddedLatency[] = distributions.slice(1).map((run, offset) => {
      const path = paths[offset + 1] ?? null;
      const emulator = emulators[offset + 1] ?? null;
      const measured = (measure: Measure) =>
        difference(run.histograms[measure], baseline.histograms[measure]);
      const withTruth =
        path !== null && baselinePath !== null && emulator !== null && baselineEmulator !== null;
      return {
        label: run.label,
        added: { ttft: measured('ttft'), itl: measured('itl'), e2e: measured('e2e') },
        pathAdded: withTruth
          ? {
              ttft: difference(path.ttft, baselinePath.ttft),
              itl: difference(path.itl, baselinePath.itl),
              e2e: difference(path.e2e, baselinePath.e2e),
            }
          : null,
        guard: withTruth
          ? (Object.fromEntries(
              MEASURES.map((measure) => {
                const p99 = (histogram: SignedHistogram) =>
                  histogram.count === 0 ? 0 : percentileValue(histogram, 99);
                const differenceUs = p99(run.histograms[measure]) - p99(baseline.histograms[measure]);
                return [
                  measure,
                  mockCeilingGuard(
                    {
                      differenceUs,
                      emulatorLateUs: Math.max(p99(emulator[measure]), p99(baselineEmulator[measure])),
                      clientUs: p99(baselinePath[measure]),
                    },
                    guardShare,
                  ),
                ];
              }),
            ) as Record<Measure, GuardVerdict>)
          : null,
      };
    });
    const curves = distributions.map((run, index) => ({
      label: run.label,
      observed: run.histograms,
      path: paths[index] ?? null,
    }));
    return { scenario, runs, versusBaseline, curves };
  });
  return { format: COMPARE_FORMAT, labels: options.runs.map((run) => run.label), scenarios, guardShare };
}

export { COMPARED_MEASURES };
