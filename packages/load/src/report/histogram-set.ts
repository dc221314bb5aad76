import { FAMILY_ORDER, METRIC_ORDER, type MetricSpec, SCENARIO_TAG } from './metrics.js';
import { SignedHistogram } from './signed-histogram.js';

/** One histogram: a metric's samples of one scenario and one configured value (see MetricFamily). */
export interface HistogramGroup {
  readonly metric: MetricSpec;
  readonly scenario: string;
  /** Values of `metric.keyTags`, in that order ('' when a sample lacked the tag). */
  readonly configured: readonly string[];
  readonly histogram: SignedHistogram;
}

/**
 * Guard against tags that carry a sampled value per request (e.g. a TTFT drawn from a distribution):
 * every distinct value makes a histogram of ~100 KB, and the report would be unreadable anyway.
 */
export const MAX_GROUPS = 4096;

export class TooManyGroupsError extends RangeError {
  override readonly name = 'TooManyGroupsError';
}

const SEPARATOR = '\u0000';

/** All histograms of a report, keyed by metric × scenario × configured value. */
export class HistogramSet {
  readonly #groups = new Map<string, HistogramGroup>();
  readonly #maxGroups: number;
  #sampleCount = 0;

  constructor(maxGroups = MAX_GROUPS) {
    this.#maxGroups = maxGroups;
  }

  /** Records one converted sample (see toRecordedValue). */
  record(metric: MetricSpec, scenario: string, configured: readonly string[], value: number): void {
    this.group(metric, scenario, configured).histogram.record(value);
    this.#sampleCount += 1;
  }

  /** The group for these keys, created empty when new. */
  group(metric: MetricSpec, scenario: string, configured: readonly string[]): HistogramGroup {
    const key = groupKey(metric.name, scenario, configured);
    let group = this.#groups.get(key);
    if (group === undefined) {
      if (this.#groups.size >= this.#maxGroups) {
        throw new TooManyGroupsError(
          `more than ${this.#maxGroups} distinct metric × scenario × configured-value combinations; ` +
            `the cfg_* tags should carry the configured value, not a per-request sample`,
        );
      }
      group = { metric, scenario, configured: [...configured], histogram: new SignedHistogram() };
      this.#groups.set(key, group);
    }
    return group;
  }

  /** Adds a whole histogram to the group with these keys (exact; `histogram` is not modified). */
  add(metric: MetricSpec, scenario: string, configured: readonly string[], histogram: SignedHistogram): void {
    this.group(metric, scenario, configured).histogram.add(histogram);
    this.#sampleCount += histogram.count;
  }

  /** Adds every histogram of another set (exact; the other set is not modified). */
  merge(other: HistogramSet): void {
    for (const group of other.#groups.values()) {
      this.add(group.metric, group.scenario, group.configured, group.histogram);
    }
  }

  get sampleCount(): number {
    return this.#sampleCount;
  }

  get size(): number {
    return this.#groups.size;
  }

  /** Groups in report order: scenario, family, configured values (numbers numerically), metric. */
  groups(): HistogramGroup[] {
    return [...this.#groups.values()].sort(compareGroups);
  }
}

function groupKey(metricName: string, scenario: string, configured: readonly string[]): string {
  let key = metricName + SEPARATOR + scenario;
  for (const value of configured) key += SEPARATOR + value;
  return key;
}

/** Tags of a group as a record: scenario plus the metric's key tags. */
export function groupTags(group: HistogramGroup): Record<string, string> {
  const tags: Record<string, string> = { [SCENARIO_TAG]: group.scenario };
  group.metric.keyTags.forEach((tag, index) => {
    tags[tag] = group.configured[index] ?? '';
  });
  return tags;
}

export function compareGroups(left: HistogramGroup, right: HistogramGroup): number {
  return (
    compareText(left.scenario, right.scenario) ||
    FAMILY_ORDER.indexOf(left.metric.family) - FAMILY_ORDER.indexOf(right.metric.family) ||
    compareConfigured(left.configured, right.configured) ||
    (METRIC_ORDER.get(left.metric.name) ?? 0) - (METRIC_ORDER.get(right.metric.name) ?? 0)
  );
}

/** Element-wise; plain numbers compare numerically ("50" < "100"), anything else by code units. */
export function compareConfigured(left: readonly string[], right: readonly string[]): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const order = compareTagValue(left[index] ?? '', right[index] ?? '');
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

const PLAIN_NUMBER = /^\d+(\.\d+)?$/;

function compareTagValue(left: string, right: string): number {
  if (PLAIN_NUMBER.test(left) && PLAIN_NUMBER.test(right)) {
    const order = Number(left) - Number(right);
    if (order !== 0) return order;
  }
  return compareText(left, right);
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
