// The k6 options the scenarios share: the summary's statistics and the closed-model shape with its SLO gates.
import type { Options } from 'k6/options';
import { envDuration, envNumber } from './env.ts';
import { deltaSloFromEnv, deltaThresholds } from './thresholds.ts';

/** The statistics of k6's end-of-test summary in every scenario: the tail the report cares about. */
export const SUMMARY_TREND_STATS = ['min', 'med', 'p(90)', 'p(99)', 'p(99.9)', 'max'];

/** The SLO the scenarios hold by default: p99 TTFT delta < 25 ms and p99 ITL delta < 10 ms. */
export const DEFAULT_DELTA_SLO = { ttftDeltaP99Ms: 25, itlDeltaP99Ms: 10 } as const;

/**
 * A closed model: `VUS` users (default `defaultVus`) loop for `DURATION` (default 20s), gated on the SLO
 * (overridable from the environment) and on every check passing.
 */
export function closedModelOptions(scenario: string, defaultVus: number): Options {
  return {
    scenarios: {
      [scenario]: {
        executor: 'constant-vus',
        vus: envNumber('VUS', defaultVus, { min: 1 }),
        duration: envDuration('DURATION', '20s'),
        gracefulStop: '10s',
      },
    },
    thresholds: {
      ...deltaThresholds(scenario, deltaSloFromEnv(DEFAULT_DELTA_SLO)),
      checks: ['rate==1'],
    },
    summaryTrendStats: SUMMARY_TREND_STATS,
  };
}
