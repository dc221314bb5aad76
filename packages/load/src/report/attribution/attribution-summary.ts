import type { SignedHistogram } from '../signed-histogram.js';
import { percentileValue } from '../statistics.js';
import { SUMMARY_PERCENTILES } from '../summary.js';
import { microsToMs, roundHalfAwayFromZero } from '../units.js';
import { printStepUs } from './clock-offset.js';
import { type Attribution, MEASURES, type Measure, SHARES, type Share } from './join.js';

export const ATTRIBUTION_FORMAT = 'tokenpace-attribution/1';

/** Percentiles of one distribution, ms; null where it holds no sample. */
export interface Percentiles {
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p99_9: number;
  readonly max: number;
}

export interface ScenarioAttributionSummary {
  readonly scenario: string;
  readonly requests: number;
  readonly failed: number;
  readonly gapMismatches: number;
  readonly measures: Record<Measure, Record<Share, Percentiles | null>>;
  /** One-way legs, ms, rounded to the clock's print step; null without a clock offset. */
  readonly requestLeg: Percentiles | null;
  readonly firstTokenLeg: Percentiles | null;
}

export interface AttributionSummary {
  readonly format: typeof ATTRIBUTION_FORMAT;
  readonly matched: number;
  readonly clientOnly: number;
  readonly serverOnly: number;
  readonly duplicateKeys: number;
  /** Server − client wall clock, ms, its uncertainty, and the step one-way figures are rounded to. */
  readonly clock: { offsetMs: number; uncertaintyMs: number; printStepMs: number; roundTrips: number } | null;
  readonly scenarios: readonly ScenarioAttributionSummary[];
}

/** Percentiles in ms, each rounded to a multiple of `stepUs` (1 µs: the histograms' own resolution). */
export function percentilesOf(histogram: SignedHistogram, stepUs = 1): Percentiles | null {
  if (histogram.count === 0) return null;
  const rounded = (micros: number) => microsToMs(roundHalfAwayFromZero(micros / stepUs) * stepUs);
  const values = Object.fromEntries(
    SUMMARY_PERCENTILES.map(({ key, percentile }) => [key, rounded(percentileValue(histogram, percentile))]),
  ) as Omit<Percentiles, 'count' | 'min' | 'max'>;
  return {
    count: histogram.count,
    min: rounded(histogram.min ?? 0),
    ...values,
    max: rounded(histogram.max ?? 0),
  };
}

/** The attribution as data (attribution.json), one-way legs at no finer a step than the clock allows. */
export function summarizeAttribution(attribution: Attribution): AttributionSummary {
  const clock = attribution.clock;
  const stepUs = clock === null ? null : printStepUs(clock.uncertaintyUs);
  return {
    format: ATTRIBUTION_FORMAT,
    matched: attribution.matched,
    clientOnly: attribution.clientOnly,
    serverOnly: attribution.serverOnly,
    duplicateKeys: attribution.duplicateKeys,
    clock:
      clock === null || stepUs === null
        ? null
        : {
            offsetMs: microsToMs(clock.offsetUs),
            uncertaintyMs: microsToMs(clock.uncertaintyUs),
            printStepMs: microsToMs(stepUs),
            roundTrips: clock.roundTrips,
          },
    scenarios: attribution.scenarios.map((scenario) => ({
      scenario: scenario.scenario,
      requests: scenario.requests,
      failed: scenario.failed,
      gapMismatches: scenario.gapMismatches,
      measures: Object.fromEntries(
        MEASURES.map((measure) => [
          measure,
          Object.fromEntries(
            SHARES.map((share) => [share, percentilesOf(scenario.histograms[measure][share])]),
          ),
        ]),
      ) as ScenarioAttributionSummary['measures'],
      requestLeg: stepUs === null ? null : percentilesOf(scenario.requestLeg, stepUs),
      firstTokenLeg: stepUs === null ? null : percentilesOf(scenario.firstTokenLeg, stepUs),
    })),
  };
}
