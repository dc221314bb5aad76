export type { LatencyKind, LatencySpec } from './latency-spec.js';
export { Z_0_99 } from './latency-spec.js';
export { normalQuantile } from './normal-quantile.js';
export { parseOutputLength } from './output-length.js';
export { formatLatencySpec, parseLatencySpec } from './parse-latency.js';
export type {
  LatencyProgram,
  ProgramKind,
  RampProgram,
  SineProgram,
  SquareProgram,
  StepProgram,
  TailProgram,
} from './program.js';
export { isProgramKind, MAX_PROGRAM_DEPTH, PROGRAM_KINDS, tailCount } from './program.js';
export type { ProgramStart } from './program-clock.js';
export { formatProgramStart, ProgramClock, parseProgramStart } from './program-clock.js';
export { evaluateLatencyProgram, interpolateSpec } from './program-evaluate.js';
export { formatDuration, formatLatencyProgram } from './program-format.js';
export { parseLatencyProgram } from './program-parse.js';
export type { ProgrammedTiming, ProgrammedTimingInput } from './program-resolve.js';
export { resolveProgrammedTiming } from './program-resolve.js';
export type { ProgramSlot, ProgramSlotsOptions } from './program-slots.js';
export { ProgramSlots } from './program-slots.js';
export type { ResolvedTiming, TimingCaps, TimingDefaults, TimingHeaders } from './resolve-timing.js';
export { resolveTiming, TIMING_HEADER_DISPLAY_NAMES } from './resolve-timing.js';
export type { Rng } from './rng.js';
export { createRng } from './rng.js';
export { sampleLatency } from './sample-latency.js';
export { TimingParseError } from './timing-parse-error.js';
