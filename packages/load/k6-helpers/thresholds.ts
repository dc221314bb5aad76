// Thresholds in the SLO form users copy: percentiles of observed-minus-configured timing, scoped by scenario.
import { METRIC } from '../../core/src/protocol.ts';
import { envNumber } from './env.ts';

export interface DeltaSlo {
  /** p99 of observed − configured TTFT, ms. */
  ttftDeltaP99Ms: number;
  /** p99 of observed − configured inter-token gap, ms. */
  itlDeltaP99Ms: number;
}

/** SLO limits, overridable with SLO_TTFT_DELTA_P99_MS and SLO_ITL_DELTA_P99_MS. */
export function deltaSloFromEnv(defaults: DeltaSlo): DeltaSlo {
  return {
    ttftDeltaP99Ms: envNumber('SLO_TTFT_DELTA_P99_MS', defaults.ttftDeltaP99Ms),
    itlDeltaP99Ms: envNumber('SLO_ITL_DELTA_P99_MS', defaults.itlDeltaP99Ms),
  };
}

export function deltaThresholds(scenario: string, slo: DeltaSlo): Record<string, string[]> {
  const scope = `{scenario:${scenario}}`;
  return {
    [`${METRIC.ttftDelta}${scope}`]: [`p(99)<${slo.ttftDeltaP99Ms}`],
    [`${METRIC.itlDelta}${scope}`]: [`p(99)<${slo.itlDeltaP99Ms}`],
    [`${METRIC.streamErrors}${scope}`]: ['rate==0'],
    [`${METRIC.tokenMismatch}${scope}`]: ['rate==0'],
  };
}
