import { METRIC } from '@tokenpace/core/protocol';
import type { HistogramSet } from '../histogram-set.js';
import { SignedHistogram } from '../signed-histogram.js';

/** The measures a comparison shows, by the k6 metric holding each run's observed values. */
export const COMPARED_MEASURES = [
  { measure: 'ttft', title: 'TTFT', metric: METRIC.ttft },
  { measure: 'itl', title: 'ITL', metric: METRIC.itl },
  { measure: 'e2e', title: 'e2e', metric: METRIC.e2e },
] as const;
export type ComparedMeasure = (typeof COMPARED_MEASURES)[number]['measure'];

/** One run's observed distributions, all configured values merged, and its error count. */
export interface RunDistributions {
  readonly label: string;
  readonly histograms: Record<ComparedMeasure, SignedHistogram>;
  readonly requests: number;
  readonly errors: number;
}

/**
 * Merges every configured value of each measure in `scenarios` (all of the run's when null): the same seeded
 * load sent to two targets is compared as a whole, whatever mix of timings it held.
 */
export function runDistributions(
  label: string,
  set: HistogramSet,
  scenarios: ReadonlySet<string> | null,
): RunDistributions {
  const histograms = {
    ttft: new SignedHistogram(),
    itl: new SignedHistogram(),
    e2e: new SignedHistogram(),
  };
  let requests = 0;
  let errors = 0;
  for (const group of set.groups()) {
    if (scenarios !== null && !scenarios.has(group.scenario)) continue;
    if (group.metric.name === METRIC.streamErrors) {
      requests += group.histogram.count;
      errors += group.histogram.sum;
      continue;
    }
    const compared = COMPARED_MEASURES.find((entry) => entry.metric === group.metric.name);
    if (compared !== undefined) histograms[compared.measure].add(group.histogram);
  }
  return { label, histograms, requests, errors };
}
