import type { LatencySpec } from './latency-spec.js';

/** Switches from `before` to `after` at `atMs` of program time. */
export interface StepProgram {
  kind: 'step';
  before: LatencyProgram;
  after: LatencyProgram;
  atMs: number;
}

/** `from` until `atMs`, then linearly to `to` over `overMs`, then `to`. Both ends are plain values of one kind. */
export interface RampProgram {
  kind: 'ramp';
  from: LatencySpec;
  to: LatencySpec;
  atMs: number;
  overMs: number;
}

/** Each period starts at `low` and spends the last `duty` fraction of it at `high`. */
export interface SquareProgram {
  kind: 'square';
  low: LatencyProgram;
  high: LatencyProgram;
  periodMs: number;
  duty: number;
}

/** Moves smoothly from `low` (program time 0) to `high` (half a period) and back, once per period. */
export interface SineProgram {
  kind: 'sine';
  low: LatencySpec;
  high: LatencySpec;
  periodMs: number;
}

/**
 * Every `every`-th request that reaches this node gets `tail`, the others `base`: an exact ratio, not a
 * probability. `counter` is the node's index into the counters its caller keeps (one per tail node).
 */
export interface TailProgram {
  kind: 'tail';
  base: LatencyProgram;
  tail: LatencyProgram;
  every: number;
  counter: number;
}

/** A latency that may change with program time and with the request's rank: a plain value, or a program. */
export type LatencyProgram =
  | LatencySpec
  | StepProgram
  | RampProgram
  | SquareProgram
  | SineProgram
  | TailProgram;

export type ProgramKind = Exclude<LatencyProgram['kind'], LatencySpec['kind']>;

export const PROGRAM_KINDS: readonly ProgramKind[] = ['step', 'ramp', 'square', 'sine', 'tail'];

/** Deepest nesting of programs inside programs; deeper text is rejected before any recursion. */
export const MAX_PROGRAM_DEPTH = 8;

export function isProgramKind(name: string): name is ProgramKind {
  return (PROGRAM_KINDS as readonly string[]).includes(name);
}

/** Number of tail counters a program needs (its tail nodes are numbered 0 … n−1 in text order). */
export function tailCount(program: LatencyProgram): number {
  switch (program.kind) {
    case 'step':
      return tailCount(program.before) + tailCount(program.after);
    case 'square':
      return tailCount(program.low) + tailCount(program.high);
    case 'tail':
      return 1 + tailCount(program.base) + tailCount(program.tail);
    default:
      return 0;
  }
}
