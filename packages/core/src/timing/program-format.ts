import { formatLatencySpec } from './parse-latency.js';
import type { LatencyProgram } from './program.js';

const UNITS: readonly (readonly [unit: string, ms: number])[] = [
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** A duration in the largest unit that writes it exactly: 3600000 → "1h", 90000 → "90s", 1.5 → "1.5ms". */
export function formatDuration(durationMs: number): string {
  if (durationMs === 0) return '0s';
  for (const [unit, unitMs] of UNITS) {
    if (Number.isInteger(durationMs / unitMs)) return `${durationMs / unitMs}${unit}`;
  }
  return `${durationMs}ms`;
}

/**
 * Canonical text of a latency value or program: plain values as formatLatencySpec writes them, programs with
 * their operands first and named parameters in a fixed order, defaults left out, no spaces.
 * `parseLatencyProgram(formatLatencyProgram(p))` equals `p`.
 */
export function formatLatencyProgram(program: LatencyProgram): string {
  switch (program.kind) {
    case 'step':
      return `step(${formatLatencyProgram(program.before)},${formatLatencyProgram(program.after)},at=${formatDuration(program.atMs)})`;
    case 'ramp': {
      const at = program.atMs === 0 ? '' : `,at=${formatDuration(program.atMs)}`;
      return `ramp(${formatLatencyProgram(program.from)},${formatLatencyProgram(program.to)},over=${formatDuration(program.overMs)}${at})`;
    }
    case 'square': {
      const duty = program.duty === 0.5 ? '' : `,duty=${program.duty}`;
      return `square(${formatLatencyProgram(program.low)},${formatLatencyProgram(program.high)},period=${formatDuration(program.periodMs)}${duty})`;
    }
    case 'sine':
      return `sine(${formatLatencyProgram(program.low)},${formatLatencyProgram(program.high)},period=${formatDuration(program.periodMs)})`;
    case 'tail':
      return `tail(${formatLatencyProgram(program.base)},every=${program.every},value=${formatLatencyProgram(program.tail)})`;
    default:
      return formatLatencySpec(program);
  }
}
