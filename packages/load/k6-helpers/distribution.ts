// Lengths drawn from a distribution written in the environment (prompt words, output tokens), seeded per
// iteration, so two runs of a scenario — direct and through a gateway — send exactly the same requests.
import { envString } from './env.ts';

export type Distribution =
  | { kind: 'fixed'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'lognormal'; p50: number; p99: number };

/** z of the 99th percentile of the standard normal distribution. */
const Z_P99 = 2.326_347_874;

const FORMS = 'N, uniform(MIN,MAX) or lognormal(p50=A,p99=B)';

/** Parses `N`, `uniform(MIN,MAX)` or `lognormal(p50=A,p99=B)`; `name` is the variable, for the message. */
export function parseDistribution(name: string, text: string): Distribution {
  const invalid = (why: string) =>
    new Error(`Invalid ${name}=${JSON.stringify(text)}: ${why}; expected ${FORMS}.`);
  const compact = text.replace(/\s+/g, '');
  if (/^\d+(\.\d+)?$/.test(compact)) return { kind: 'fixed', value: Number(compact) };
  const uniform = /^uniform\((\d+(?:\.\d+)?),(\d+(?:\.\d+)?)\)$/.exec(compact);
  if (uniform !== null) {
    const min = Number(uniform[1]);
    const max = Number(uniform[2]);
    if (max < min) throw invalid('MAX is below MIN');
    return { kind: 'uniform', min, max };
  }
  const lognormal = /^lognormal\(p50=(\d+(?:\.\d+)?),p99=(\d+(?:\.\d+)?)\)$/.exec(compact);
  if (lognormal !== null) {
    const p50 = Number(lognormal[1]);
    const p99 = Number(lognormal[2]);
    if (p50 <= 0 || p99 < p50) throw invalid('need 0 < p50 ≤ p99');
    return { kind: 'lognormal', p50, p99 };
  }
  throw invalid('not a distribution');
}

export function envDistribution(name: string, fallback: string): Distribution {
  return parseDistribution(name, envString(name, fallback));
}

/** A uniform number in [0, 1) from a seed and an index (mulberry32 of their mix): the same pair, the same number. */
export function seededUnit(seed: number, index: number): number {
  let state = (Math.imul(index + 1, 0x9e37_79b1) ^ seed) >>> 0;
  state = (state + 0x6d2b_79f5) >>> 0;
  let mixed = Math.imul(state ^ (state >>> 15), state | 1);
  mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
  return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
}

/** A whole number ≥ 1 drawn from `distribution` for request `index` of a run seeded with `seed`. */
export function drawLength(distribution: Distribution, seed: number, index: number): number {
  switch (distribution.kind) {
    case 'fixed':
      return Math.max(1, Math.round(distribution.value));
    case 'uniform': {
      const { min, max } = distribution;
      return Math.max(1, Math.floor(min + seededUnit(seed, index) * (max - min + 1)));
    }
    case 'lognormal': {
      // Box–Muller on two seeded uniforms; 1 − u keeps the logarithm finite.
      const u1 = 1 - seededUnit(seed, 2 * index);
      const u2 = seededUnit(seed, 2 * index + 1);
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      const mu = Math.log(distribution.p50);
      const sigma = (Math.log(distribution.p99) - mu) / Z_P99;
      return Math.max(1, Math.round(Math.exp(mu + sigma * z)));
    }
  }
}

/** Words of plain text, about one token each: a prompt of a drawn length. */
export function promptOfWords(words: number): string {
  const vocabulary = [
    'measure',
    'the',
    'latency',
    'of',
    'every',
    'token',
    'through',
    'a',
    'gateway',
    'today',
  ];
  const parts = new Array<string>(words);
  for (let index = 0; index < words; index++) parts[index] = vocabulary[index % vocabulary.length] as string;
  return parts.join(' ');
}
