import { METRIC, METRIC_PREFIX, TAG } from '@tokenpace/core/protocol';

/** How a metric's samples are recorded: time in integer µs, counts as integers, rates as 0/1. */
export type MetricKind = 'time' | 'count' | 'rate';

/** Unit of the recorded integers, written next to every encoded histogram. */
export type RecordedUnit = 'us' | 'tokens' | 'boolean';

/**
 * Metrics are grouped by the configured value that drives them: TTFT metrics by `cfg_ttft_ms`, per-gap
 * metrics by `cfg_itl_ms`, per-request metrics by the whole configuration (TTFT, ITL, length) and the
 * mode, since e2e and header times depend on all three and differ between streamed and unary requests
 * (a unary body, and often its headers, come after TTFT + N·ITL). Unary requests record no TTFT or ITL.
 */
export type MetricFamily = 'ttft' | 'itl' | 'request';

export interface MetricSpec {
  /** k6 metric name, e.g. `tokenpace_ttft_delta`. */
  readonly name: string;
  /** Name without the `tokenpace_` prefix, as used in SLO expressions and file names. */
  readonly shortName: string;
  readonly family: MetricFamily;
  readonly kind: MetricKind;
  readonly unit: RecordedUnit;
  /** Tags (besides `scenario`) whose values key this metric's histograms. */
  readonly keyTags: readonly string[];
  /** Row label in the table, within its family (observed, configured, delta, …). */
  readonly label: string;
}

/** k6's own tag naming the scenario of a sample (not a tokenpace tag). */
export const SCENARIO_TAG = 'scenario';
/** Scenario name for samples without a scenario tag (k6's name for an unnamed scenario). */
export const DEFAULT_SCENARIO = 'default';

export const FAMILY_KEY_TAGS: Readonly<Record<MetricFamily, readonly string[]>> = {
  ttft: [TAG.configuredTtftMs],
  itl: [TAG.configuredItlMs],
  request: [TAG.configuredTtftMs, TAG.configuredItlMs, TAG.configuredOutputLength, TAG.mode],
};

export const FAMILY_ORDER: readonly MetricFamily[] = ['ttft', 'itl', 'request'];

const UNIT_OF_KIND: Readonly<Record<MetricKind, RecordedUnit>> = {
  time: 'us',
  count: 'tokens',
  rate: 'boolean',
};

// Keyed by METRIC's keys so that a metric added to the protocol fails the type check until classified
// here. The key order is the display order: observed, configured, delta, then the related metrics.
const CLASSIFICATION: Readonly<Record<keyof typeof METRIC, readonly [MetricFamily, MetricKind, string]>> = {
  ttft: ['ttft', 'time', 'observed'],
  ttftConfigured: ['ttft', 'time', 'configured'],
  ttftDelta: ['ttft', 'time', 'delta'],
  itl: ['itl', 'time', 'observed'],
  itlConfigured: ['itl', 'time', 'configured'],
  itlDelta: ['itl', 'time', 'delta'],
  tokensPerChunk: ['itl', 'count', 'tokens/chunk'],
  e2e: ['request', 'time', 'e2e'],
  e2eDelta: ['request', 'time', 'e2e delta'],
  headers: ['request', 'time', 'headers'],
  outputTokens: ['request', 'count', 'output tokens'],
  streamErrors: ['request', 'rate', 'stream errors'],
  tokenMismatch: ['request', 'rate', 'token mismatch'],
};

/** All tokenpace metrics in display order. */
export const METRIC_SPECS: readonly MetricSpec[] = (
  Object.keys(CLASSIFICATION) as (keyof typeof METRIC)[]
).map((key) => {
  const name = METRIC[key];
  const [family, kind, label] = CLASSIFICATION[key];
  return {
    name,
    shortName: name.startsWith(METRIC_PREFIX) ? name.slice(METRIC_PREFIX.length) : name,
    family,
    kind,
    unit: UNIT_OF_KIND[kind],
    keyTags: FAMILY_KEY_TAGS[family],
    label,
  };
});

export const METRIC_BY_NAME: ReadonlyMap<string, MetricSpec> = new Map(
  METRIC_SPECS.map((spec) => [spec.name, spec]),
);
export const METRIC_BY_SHORT_NAME: ReadonlyMap<string, MetricSpec> = new Map(
  METRIC_SPECS.map((spec) => [spec.shortName, spec]),
);

/** Position of a metric in display order, for stable sorting. */
export const METRIC_ORDER: ReadonlyMap<string, number> = new Map(
  METRIC_SPECS.map((spec, index) => [spec.name, index]),
);

export function metricSpec(name: string): MetricSpec {
  const spec = METRIC_BY_NAME.get(name);
  if (spec === undefined) throw new Error(`not a tokenpace metric: ${name}`);
  return spec;
}
