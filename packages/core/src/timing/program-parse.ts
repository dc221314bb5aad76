import type { LatencyKind, LatencySpec } from './latency-spec.js';
import { parseLatencySpec } from './parse-latency.js';
import {
  isProgramKind,
  type LatencyProgram,
  MAX_PROGRAM_DEPTH,
  type ProgramKind,
  type RampProgram,
  type SineProgram,
  type SquareProgram,
  type StepProgram,
  type TailProgram,
} from './program.js';
import { quoteValue, timingError } from './timing-parse-error.js';

const CALL_PATTERN = /^([a-z]+)\s*\(([\s\S]*)\)$/i;
const DURATION_PATTERN = /^(\d+(?:\.\d*)?|\.\d+)\s*(ms|s|m|h)$/i;
const FRACTION_PATTERN = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const WHOLE_PATTERN = /^\d+$/;
const PARAMETER_NAME = /^[a-z]+$/i;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Distribution names the latency parser knows; a name that is neither one nor a program gets one message. */
const DISTRIBUTIONS = { fixed: true, uniform: true, normal: true, lognormal: true } satisfies Record<
  LatencyKind,
  true
>;

const UNKNOWN_NAME =
  'names no known distribution or program; use a number of milliseconds, fixed(ms), uniform(min=,max=), ' +
  'normal(mean=,sd=), lognormal(p50=,p99=), or a program: step, ramp, square, sine or tail.';

/** What each program takes, as its error messages say it. */
const TAKES: Readonly<Record<ProgramKind, string>> = {
  step: 'step takes two latency values and at=, e.g. step(200,800,at=60s)',
  ramp: 'ramp takes two latency values of one kind, over= and optionally at=, e.g. ramp(200,800,over=5m)',
  square:
    'square takes two latency values, period= and optionally duty=, e.g. square(200,800,period=10m,duty=0.1)',
  sine: 'sine takes two latency values of one kind and period=, e.g. sine(200,800,period=10m)',
  tail: 'tail takes a latency value, every= and value=, e.g. tail(200,every=100,value=5000)',
};

/** Positional operands and named parameters each program accepts. */
const SHAPES: Readonly<Record<ProgramKind, { operands: number; names: readonly string[] }>> = {
  step: { operands: 2, names: ['at'] },
  ramp: { operands: 2, names: ['over', 'at'] },
  square: { operands: 2, names: ['period', 'duty'] },
  sine: { operands: 2, names: ['period'] },
  tail: { operands: 1, names: ['every', 'value'] },
};

interface ParseContext {
  readonly param: string;
  readonly capMs: number;
  /** Next free tail counter: tail nodes are numbered in text order. */
  nextCounter: number;
}

/**
 * Parses a latency value that may be a program over time: anything {@link parseLatencySpec} reads, or
 *
 * - `step(A,B,at=60s)` — A until 60 s of program time, then B;
 * - `ramp(A,B,over=5m[,at=1m])` — A until `at` (default 0), then linearly to B over `over`, then B;
 * - `square(A,B,period=10m[,duty=0.1])` — each period starts at A and spends its last `duty` (default 0.5) at B;
 * - `sine(A,B,period=10m)` — A at time 0, B half a period later, smoothly back to A;
 * - `tail(V,every=100,value=5000)` — every 100th request that reaches it gets 5000, the others V.
 *
 * A and B may be programs themselves for step and square; ramp and sine interpolate each parameter
 * between two plain values of one kind (two numbers, or e.g. two lognormals). Durations take a unit
 * (ms, s, m or h). Text that is not a program goes to parseLatencySpec unchanged, with its messages.
 */
export function parseLatencyProgram(text: string, param: string, capMs: number): LatencyProgram {
  const trimmed = text.trim();
  const call = CALL_PATTERN.exec(trimmed);
  const name = (call?.[1] ?? '').toLowerCase();
  if (call === null || !isProgramKind(name)) {
    if (call !== null && !Object.hasOwn(DISTRIBUTIONS, name)) throw timingError(param, text, UNKNOWN_NAME);
    return parseLatencySpec(text, param, capMs);
  }
  checkParentheses(text, trimmed, param);
  return parseValue(trimmed, { param, capMs, nextCounter: 0 }, 1);
}

function checkParentheses(text: string, trimmed: string, param: string): void {
  let depth = 0;
  let deepest = 0;
  for (const char of trimmed) {
    if (char === '(') deepest = Math.max(deepest, ++depth);
    else if (char === ')' && --depth < 0) break;
  }
  if (depth !== 0) throw timingError(param, text, 'has unbalanced parentheses.');
  // The innermost level may be a distribution's own parentheses.
  if (deepest > MAX_PROGRAM_DEPTH + 1) {
    throw timingError(param, text, `nests programs more than ${MAX_PROGRAM_DEPTH} deep.`);
  }
}

/** Parses one value; `depth` is the nesting level a program found here would have (1 at the top). */
function parseValue(text: string, context: ParseContext, depth: number): LatencyProgram {
  const trimmed = text.trim();
  const call = CALL_PATTERN.exec(trimmed);
  const name = (call?.[1] ?? '').toLowerCase();
  if (call === null || !isProgramKind(name)) {
    if (call !== null && !Object.hasOwn(DISTRIBUTIONS, name))
      throw timingError(context.param, text, UNKNOWN_NAME);
    return parseLatencySpec(text, context.param, context.capMs);
  }
  if (depth > MAX_PROGRAM_DEPTH) {
    throw timingError(context.param, text, `nests programs more than ${MAX_PROGRAM_DEPTH} deep.`);
  }
  const kind = name;
  const counter = kind === 'tail' ? context.nextCounter++ : -1;
  const { operands, named } = splitArguments(kind, call[2] ?? '', trimmed, context.param);
  const values = operands.map((operand) => parseValue(operand, context, depth + 1));
  return buildProgram(kind, values, named, trimmed, context, counter, depth);
}

/** Splits `a, b, key=value` at the commas outside parentheses into operands and named parameters. */
function splitArguments(kind: ProgramKind, argumentText: string, text: string, param: string) {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < argumentText.length; index++) {
    const char = argumentText[index];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(argumentText.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(argumentText.slice(start));
  const shape = SHAPES[kind];
  const operands: string[] = [];
  const named = new Map<string, string>();
  for (const part of parts) {
    const equals = topLevelEquals(part);
    if (equals < 0) {
      if (named.size > 0) {
        throw timingError(param, text, `has a value after a named parameter; ${TAKES[kind]}.`);
      }
      operands.push(part);
      continue;
    }
    const key = part.slice(0, equals).trim().toLowerCase();
    if (!PARAMETER_NAME.test(key) || !shape.names.includes(key)) {
      throw timingError(param, text, `has an unknown parameter ${quoteValue(key)}; ${TAKES[kind]}.`);
    }
    if (named.has(key)) throw timingError(param, text, `sets ${key} twice.`);
    named.set(key, part.slice(equals + 1).trim());
  }
  if (operands.length !== shape.operands) {
    const count = operands.length === 1 ? 'one latency value' : `${operands.length} latency values`;
    throw timingError(param, text, `has ${count}; ${TAKES[kind]}.`);
  }
  return { operands, named };
}

/** Index of the `=` of `key=value`, or −1 when the part is a plain operand (an `=` inside parentheses is not). */
function topLevelEquals(part: string): number {
  const equals = part.indexOf('=');
  const paren = part.indexOf('(');
  return equals >= 0 && (paren < 0 || equals < paren) ? equals : -1;
}

function buildProgram(
  kind: ProgramKind,
  values: readonly LatencyProgram[],
  named: ReadonlyMap<string, string>,
  text: string,
  context: ParseContext,
  counter: number,
  depth: number,
): LatencyProgram {
  const [first, second] = values as [LatencyProgram, LatencyProgram];
  const read = new ParameterReader(kind, named, text, context.param);
  switch (kind) {
    case 'step':
      return { kind, before: first, after: second, atMs: read.duration('at') } satisfies StepProgram;
    case 'ramp': {
      const [from, to] = plainPair(kind, first, second, text, context.param);
      const overMs = read.positiveDuration('over');
      return { kind, from, to, atMs: read.duration('at', 0), overMs } satisfies RampProgram;
    }
    case 'square': {
      const periodMs = read.positiveDuration('period');
      return {
        kind,
        low: first,
        high: second,
        periodMs,
        duty: read.fraction('duty', 0.5),
      } satisfies SquareProgram;
    }
    case 'sine': {
      const [low, high] = plainPair(kind, first, second, text, context.param);
      return { kind, low, high, periodMs: read.positiveDuration('period') } satisfies SineProgram;
    }
    case 'tail': {
      const every = read.whole('every');
      const tail = parseValue(read.text('value'), context, depth + 1);
      return { kind, base: first, tail, every, counter } satisfies TailProgram;
    }
  }
}

function isSpec(program: LatencyProgram): program is LatencySpec {
  return Object.hasOwn(DISTRIBUTIONS, program.kind);
}

/** The two ends of a ramp or sine: plain values of one kind, since each parameter is interpolated. */
function plainPair(
  kind: ProgramKind,
  first: LatencyProgram,
  second: LatencyProgram,
  text: string,
  param: string,
): [LatencySpec, LatencySpec] {
  if (!isSpec(first) || !isSpec(second)) {
    throw timingError(param, text, `has a program as a value; ${kind} moves between plain values.`);
  }
  if (first.kind !== second.kind) {
    throw timingError(
      param,
      text,
      `moves between ${first.kind} and ${second.kind}; ${kind} interpolates between values of one kind.`,
    );
  }
  return [first, second];
}

/** Reads and checks a program's named parameters, naming the parameter in every message. */
class ParameterReader {
  readonly #kind: ProgramKind;
  readonly #named: ReadonlyMap<string, string>;
  readonly #text: string;
  readonly #param: string;

  constructor(kind: ProgramKind, named: ReadonlyMap<string, string>, text: string, param: string) {
    this.#kind = kind;
    this.#named = named;
    this.#text = text;
    this.#param = param;
  }

  text(name: string): string {
    const value = this.#named.get(name);
    if (value === undefined) throw this.#fail(`lacks ${name}; ${TAKES[this.#kind]}.`);
    return value;
  }

  duration(name: string, fallbackMs?: number): number {
    if (fallbackMs !== undefined && !this.#named.has(name)) return fallbackMs;
    const value = this.text(name);
    const match = DURATION_PATTERN.exec(value);
    const amount = Number(match?.[1]);
    const unitMs = UNIT_MS[(match?.[2] ?? '').toLowerCase()];
    if (match === null || unitMs === undefined || !Number.isFinite(amount * unitMs)) {
      throw this.#fail(
        `has ${name}=${quoteValue(value)}, which is not a duration such as 500ms, 30s, 5m or 1h.`,
      );
    }
    return amount * unitMs;
  }

  positiveDuration(name: string): number {
    const durationMs = this.duration(name);
    if (durationMs === 0) throw this.#fail(`has ${name}=${this.#named.get(name)}; it must be above zero.`);
    return durationMs;
  }

  fraction(name: string, fallback: number): number {
    if (!this.#named.has(name)) return fallback;
    const value = this.text(name);
    const fraction = Number(value);
    if (!FRACTION_PATTERN.test(value) || fraction > 1) {
      throw this.#fail(`has ${name}=${quoteValue(value)}; ${name} is a fraction from 0 to 1.`);
    }
    return fraction;
  }

  whole(name: string): number {
    const value = this.text(name);
    const whole = Number(value);
    if (!WHOLE_PATTERN.test(value) || whole < 1 || !Number.isSafeInteger(whole)) {
      throw this.#fail(`has ${name}=${quoteValue(value)}, which is not a whole number of requests from 1.`);
    }
    return whole;
  }

  #fail(reason: string) {
    return timingError(this.#param, this.#text, reason);
  }
}
