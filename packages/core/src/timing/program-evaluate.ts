import type { LatencySpec } from './latency-spec.js';
import type { LatencyProgram } from './program.js';

/** Interpolated parameters are kept to whole microseconds, like sampled values. */
function mix(from: number, to: number, weight: number): number {
  return Math.round((from + (to - from) * weight) * 1000) / 1000;
}

/**
 * The spec `weight` of the way from `from` to `to` (0 → `from`, 1 → `to`), each parameter interpolated
 * linearly. The parser guarantees both ends are of one kind; order constraints (min ≤ max, p50 ≤ p99) hold
 * at both ends and so everywhere between.
 */
export function interpolateSpec(from: LatencySpec, to: LatencySpec, weight: number): LatencySpec {
  if (weight <= 0) return from;
  if (weight >= 1) return to;
  if (from.kind === 'fixed' && to.kind === 'fixed') return { kind: 'fixed', ms: mix(from.ms, to.ms, weight) };
  if (from.kind === 'uniform' && to.kind === 'uniform') {
    return {
      kind: 'uniform',
      minMs: mix(from.minMs, to.minMs, weight),
      maxMs: mix(from.maxMs, to.maxMs, weight),
    };
  }
  if (from.kind === 'normal' && to.kind === 'normal') {
    return {
      kind: 'normal',
      meanMs: mix(from.meanMs, to.meanMs, weight),
      stdDevMs: mix(from.stdDevMs, to.stdDevMs, weight),
    };
  }
  if (from.kind === 'lognormal' && to.kind === 'lognormal') {
    return {
      kind: 'lognormal',
      p50Ms: mix(from.p50Ms, to.p50Ms, weight),
      p99Ms: mix(from.p99Ms, to.p99Ms, weight),
    };
  }
  throw new TypeError(`Cannot interpolate between ${from.kind} and ${to.kind}.`);
}

/**
 * The plain latency value a program gives a request that arrives at `elapsedMs` of program time (times before
 * 0 count as 0). Each tail node the request reaches counts it in `counters[node.counter]`, so every
 * `every`-th request through that node gets the tail value; nothing else is changed and nothing is drawn.
 */
export function evaluateLatencyProgram(
  program: LatencyProgram,
  elapsedMs: number,
  counters: Float64Array,
): LatencySpec {
  const timeMs = Math.max(elapsedMs, 0);
  switch (program.kind) {
    case 'step':
      return evaluateLatencyProgram(timeMs < program.atMs ? program.before : program.after, timeMs, counters);
    case 'ramp':
      return interpolateSpec(program.from, program.to, (timeMs - program.atMs) / program.overMs);
    case 'square': {
      const phaseMs = timeMs % program.periodMs;
      const high = phaseMs >= (1 - program.duty) * program.periodMs;
      return evaluateLatencyProgram(high ? program.high : program.low, timeMs, counters);
    }
    case 'sine': {
      const weight = (1 - Math.cos((2 * Math.PI * timeMs) / program.periodMs)) / 2;
      return interpolateSpec(program.low, program.high, weight);
    }
    case 'tail': {
      const rank = (counters[program.counter] ?? 0) + 1;
      counters[program.counter] = rank;
      return evaluateLatencyProgram(
        rank % program.every === 0 ? program.tail : program.base,
        timeMs,
        counters,
      );
    }
    default:
      return program;
  }
}
