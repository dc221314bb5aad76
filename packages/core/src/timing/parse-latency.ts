import type { LatencyKind, LatencySpec } from './latency-spec.js';
import { quoteValue, timingError } from './timing-parse-error.js';

/** Decimal number, optional fraction and exponent; no hex, no `Infinity`, no empty string (all of which `Number()` accepts). */
const NUMBER_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const DISTRIBUTION_PATTERN = /^([a-z]+)\s*\(([^()]*)\)$/i;

const NOT_A_VALUE = 'is not a number of milliseconds or a distribution such as lognormal(p50=200,p99=800).';
const KNOWN_FORMS =
  'use a number of milliseconds, fixed(ms), uniform(min=,max=), normal(mean=,sd=) or lognormal(p50=,p99=).';

/** Every numeric field of every spec kind. */
type SpecField = {
  [K in LatencyKind]: Exclude<keyof Extract<LatencySpec, { kind: K }>, 'kind'>;
}[LatencyKind];

interface KindGrammar {
  /** Parameter names as written (lower case), mapped to the spec field they set. */
  readonly keys: Readonly<Record<string, SpecField>>;
  /** Canonical parameter names in canonical order, one per field. */
  readonly canonical: readonly (readonly [name: string, field: SpecField])[];
}

const GRAMMAR: Readonly<Record<LatencyKind, KindGrammar>> = {
  fixed: { keys: { ms: 'ms' }, canonical: [['ms', 'ms']] },
  uniform: {
    keys: { min: 'minMs', max: 'maxMs' },
    canonical: [
      ['min', 'minMs'],
      ['max', 'maxMs'],
    ],
  },
  normal: {
    keys: { mean: 'meanMs', sd: 'stdDevMs', stddev: 'stdDevMs' },
    canonical: [
      ['mean', 'meanMs'],
      ['sd', 'stdDevMs'],
    ],
  },
  lognormal: {
    keys: { p50: 'p50Ms', p99: 'p99Ms' },
    canonical: [
      ['p50', 'p50Ms'],
      ['p99', 'p99Ms'],
    ],
  },
};

function isKind(name: string): name is LatencyKind {
  return Object.hasOwn(GRAMMAR, name);
}

function takesPhrase(kind: LatencyKind): string {
  const names = GRAMMAR[kind].canonical.map(([name]) => name);
  return `${kind} takes ${names.join(' and ')}`;
}

function assertCap(capMs: number): void {
  if (!(capMs >= 0)) throw new RangeError(`A latency cap must be zero or more milliseconds, got ${capMs}.`);
}

/**
 * Parses a latency value as headers and config files write it: "120", "120.5", "fixed(120)",
 * "uniform(min=10,max=30)", "normal(mean=100,sd=10)" (`stddev` also accepted),
 * "lognormal(p50=200,p99=800)". Whitespace is ignored around every token; kind and parameter
 * names are case-insensitive. Rejects negative, non-finite and malformed values, values above
 * `capMs` (for distributions: any parameter above it), `min > max`, `p99 < p50` and `p50 = 0`.
 * `param` names the source in messages: "X-TTFT-MS" reads as "the X-TTFT-MS header".
 */
export function parseLatencySpec(text: string, param: string, capMs: number): LatencySpec {
  assertCap(capMs);
  const trimmed = text.trim();
  if (NUMBER_PATTERN.test(trimmed)) {
    const ms = Number(trimmed);
    if (ms < 0) throw timingError(param, text, 'is negative; latencies are zero or more milliseconds.');
    if (!Number.isFinite(ms)) throw timingError(param, text, 'is not a finite number of milliseconds.');
    if (ms > capMs) throw timingError(param, text, `is above the cap of ${capMs} ms.`);
    return { kind: 'fixed', ms: ms + 0 };
  }
  const match = DISTRIBUTION_PATTERN.exec(trimmed);
  if (match === null) throw timingError(param, text, NOT_A_VALUE);
  const kind = (match[1] ?? '').toLowerCase();
  if (!isKind(kind)) throw timingError(param, text, `names no known distribution; ${KNOWN_FORMS}`);
  const values = parseArguments(kind, match[2] ?? '', text, param);
  return buildSpec(kind, values, text, param, capMs);
}

/** Named arguments of a distribution, keyed by spec field, checked to be plain non-negative numbers. */
function parseArguments(kind: LatencyKind, argumentText: string, text: string, param: string) {
  const grammar = GRAMMAR[kind];
  const values = new Map<SpecField, number>();
  const parts = argumentText.trim() === '' ? [] : argumentText.split(',');
  for (const part of parts) {
    const equals = part.indexOf('=');
    // fixed(120): the one positional form, since "fixed" has a single parameter.
    const positional = equals < 0 && kind === 'fixed' && parts.length === 1;
    if (equals < 0 && !positional) {
      throw timingError(
        param,
        text,
        `has a malformed parameter ${quoteValue(part.trim())}; ${takesPhrase(kind)}.`,
      );
    }
    const name = positional ? 'ms' : part.slice(0, equals).trim().toLowerCase();
    const valueText = positional ? part.trim() : part.slice(equals + 1).trim();
    const field = Object.hasOwn(grammar.keys, name) ? grammar.keys[name] : undefined;
    if (field === undefined) {
      throw timingError(param, text, `has an unknown parameter ${quoteValue(name)}; ${takesPhrase(kind)}.`);
    }
    if (values.has(field)) throw timingError(param, text, `sets ${name} twice.`);
    if (!NUMBER_PATTERN.test(valueText)) {
      throw timingError(
        param,
        text,
        `has ${name}=${quoteValue(valueText)}, which is not a number of milliseconds.`,
      );
    }
    const value = Number(valueText);
    if (value < 0) throw timingError(param, text, `has a negative ${name}; latencies are zero or more.`);
    if (!Number.isFinite(value)) throw timingError(param, text, `has ${name}=${valueText}, not finite.`);
    values.set(field, value + 0);
  }
  for (const [name, field] of grammar.canonical) {
    if (!values.has(field)) throw timingError(param, text, `lacks ${name}; ${takesPhrase(kind)}.`);
  }
  return values;
}

function buildSpec(
  kind: LatencyKind,
  values: ReadonlyMap<SpecField, number>,
  text: string,
  param: string,
  capMs: number,
): LatencySpec {
  for (const [name, field] of GRAMMAR[kind].canonical) {
    const value = values.get(field) ?? 0;
    if (value > capMs) throw timingError(param, text, `has ${name}=${value}, above the cap of ${capMs} ms.`);
  }
  const read = (field: SpecField): number => values.get(field) ?? 0;
  switch (kind) {
    case 'fixed':
      return { kind, ms: read('ms') };
    case 'uniform': {
      const spec = { kind, minMs: read('minMs'), maxMs: read('maxMs') };
      if (spec.minMs > spec.maxMs) throw timingError(param, text, 'has min above max.');
      return spec;
    }
    case 'normal':
      return { kind, meanMs: read('meanMs'), stdDevMs: read('stdDevMs') };
    case 'lognormal': {
      const spec = { kind, p50Ms: read('p50Ms'), p99Ms: read('p99Ms') };
      if (spec.p50Ms === 0)
        throw timingError(param, text, 'has p50=0; a lognormal median must be above 0 ms.');
      if (spec.p99Ms < spec.p50Ms) throw timingError(param, text, 'has p99 below p50.');
      return spec;
    }
  }
}

/**
 * Canonical text of a spec: a plain number for fixed values, otherwise the distribution with its
 * canonical parameter names and no spaces. `parseLatencySpec(formatLatencySpec(s))` equals `s`
 * (numbers are printed by `String`, whose shortest round-trip form the parser reads back).
 */
export function formatLatencySpec(spec: LatencySpec): string {
  switch (spec.kind) {
    case 'fixed':
      return String(spec.ms);
    case 'uniform':
      return `uniform(min=${spec.minMs},max=${spec.maxMs})`;
    case 'normal':
      return `normal(mean=${spec.meanMs},sd=${spec.stdDevMs})`;
    case 'lognormal':
      return `lognormal(p50=${spec.p50Ms},p99=${spec.p99Ms})`;
  }
}
