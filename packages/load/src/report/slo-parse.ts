import { METRIC_PREFIX } from '@tokenpace/core/protocol';
import { SloSyntaxError } from './errors.js';
import { METRIC_BY_SHORT_NAME, METRIC_SPECS, type MetricSpec, SCENARIO_TAG } from './metrics.js';

export type SloOperator = '<' | '<=' | '>' | '>=';
export type SloStat =
  | { readonly kind: 'percentile'; readonly percentile: number; readonly text: string }
  | { readonly kind: 'min' | 'max' | 'mean' | 'count' | 'rate'; readonly text: string };
export type SloUnit = 'ms' | 'us' | 's' | '';

/**
 * A threshold as an exact decimal: `digits` × 10^-`scale` in the unit the metric records (µs for
 * time), so that `p99<=1.5ms` compares 1500 µs exactly, without binary floating-point error.
 */
export interface ExactDecimal {
  readonly digits: bigint;
  readonly scale: number;
}

export interface Slo {
  /** The expression as given (trimmed). */
  readonly expression: string;
  readonly metric: MetricSpec;
  /** Tag filters; `scenario` and the metric's key tags only. */
  readonly tags: Readonly<Record<string, string>>;
  readonly stat: SloStat;
  readonly operator: SloOperator;
  /** The number as written, with its unit, for display. */
  readonly thresholdText: string;
  readonly unit: SloUnit;
  /** Threshold in recorded units (µs for time metrics). */
  readonly threshold: ExactDecimal;
}

const MICROS_PER_UNIT: Readonly<Record<Exclude<SloUnit, ''>, bigint>> = { us: 1n, ms: 1000n, s: 1_000_000n };
const METRIC_NAME = /^[A-Za-z0-9_]+/;
const STAT = /^(?:p\((\d+(?:\.\d+)?)\)|p(\d+(?:\.\d+)?)|(min|max|mean|count|rate))/;
const OPERATOR = /^(<=|>=|<|>)/;
const NUMBER = /^(-?)(\d+)(?:\.(\d+))?/;
const UNIT = /^(ms|us|µs|s)?$/;

/**
 * Parses `<metric>[{tag=value,…}]:<stat><op><number><unit>`, e.g. `ttft_delta{scenario=chat}:p99<5ms`,
 * `stream_errors:rate<=0.01`, `ttft:p(99.99)<250ms`. Throws SloSyntaxError naming the bad part.
 */
export function parseSlo(input: string): Slo {
  const expression = input.trim();
  const fail = (part: string, detail: string): never => {
    throw new SloSyntaxError(expression, part === '' ? '(end)' : part, detail);
  };
  let rest = expression;

  const name = METRIC_NAME.exec(rest)?.[0];
  if (name === undefined) return fail(rest, 'expected a metric name such as ttft_delta');
  const shortName = name.startsWith(METRIC_PREFIX) ? name.slice(METRIC_PREFIX.length) : name;
  const metric = METRIC_BY_SHORT_NAME.get(shortName);
  if (metric === undefined) {
    return fail(name, `unknown metric; one of ${METRIC_SPECS.map((spec) => spec.shortName).join(', ')}`);
  }
  rest = rest.slice(name.length);

  const tags: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const close = rest.indexOf('}');
    if (close === -1) return fail(rest, "unclosed '{'");
    const body = rest.slice(1, close);
    const allowed = [SCENARIO_TAG, ...metric.keyTags];
    for (const pair of body.trim() === '' ? [] : body.split(',')) {
      const separator = pair.search(/[=:]/);
      if (separator === -1) return fail(pair, 'a tag filter is written tag=value');
      const tag = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (!allowed.includes(tag)) {
        return fail(tag, `${metric.shortName} can be filtered by ${allowed.join(', ')} only`);
      }
      if (tag in tags) return fail(tag, 'tag filtered twice');
      tags[tag] = value;
    }
    rest = rest.slice(close + 1);
  }

  if (!rest.startsWith(':')) return fail(rest, "expected ':' between the metric and the statistic");
  rest = rest.slice(1);

  const statMatch = STAT.exec(rest);
  if (statMatch === null)
    return fail(rest, 'expected a statistic: p50, p99.9, p(99.99), min, max, mean, count or rate');
  const statText = statMatch[0];
  const percentileText = statMatch[1] ?? statMatch[2];
  let stat: SloStat;
  if (percentileText !== undefined) {
    const percentile = Number(percentileText);
    if (percentile > 100) return fail(statText, 'a percentile is between 0 and 100');
    stat = { kind: 'percentile', percentile, text: statText };
  } else {
    stat = { kind: statMatch[3] as 'min' | 'max' | 'mean' | 'count' | 'rate', text: statText };
  }
  rest = rest.slice(statText.length);

  const operator = OPERATOR.exec(rest)?.[0] as SloOperator | undefined;
  if (operator === undefined) return fail(rest, 'expected a comparison: <, <=, > or >=');
  rest = rest.slice(operator.length);

  const numberMatch = NUMBER.exec(rest);
  if (numberMatch === null) return fail(rest, 'expected a number');
  rest = rest.slice(numberMatch[0].length);
  const unitMatch = UNIT.exec(rest);
  if (unitMatch === null) return fail(rest, 'expected a unit (ms, us, s) or nothing after the number');
  const unit = (unitMatch[1] === 'µs' ? 'us' : (unitMatch[1] ?? '')) as SloUnit;

  checkStatFitsMetric(metric, stat, unit, fail);
  const fraction = numberMatch[3] ?? '';
  const sign = numberMatch[1] === '-' ? -1n : 1n;
  const digits = sign * BigInt(numberMatch[2] + fraction) * (unit === '' ? 1n : MICROS_PER_UNIT[unit]);
  return {
    expression,
    metric,
    tags,
    stat,
    operator,
    thresholdText: numberMatch[0] + (unitMatch[1] ?? ''),
    unit,
    threshold: { digits, scale: fraction.length },
  };
}

function checkStatFitsMetric(
  metric: MetricSpec,
  stat: SloStat,
  unit: SloUnit,
  fail: (part: string, detail: string) => never,
): void {
  if (stat.kind === 'count') {
    if (unit !== '') fail(unit, 'count takes no unit');
    return;
  }
  if (metric.kind === 'rate') {
    if (stat.kind !== 'rate') fail(stat.text, `${metric.shortName} is a rate: use rate or count`);
    if (unit !== '') fail(unit, 'a rate takes no unit (write 0.01 for 1%)');
    return;
  }
  if (stat.kind === 'rate')
    fail(stat.text, `rate applies to stream_errors and token_mismatch, not ${metric.shortName}`);
  if (metric.kind === 'time' && unit === '')
    fail(stat.text, `${metric.shortName} is a time: give a unit (ms, us, s)`);
  if (metric.kind === 'count' && unit !== '') fail(unit, `${metric.shortName} counts tokens: no unit`);
}
