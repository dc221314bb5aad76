import { parseOutputLength } from './output-length.js';
import type { LatencyProgram } from './program.js';
import { evaluateLatencyProgram } from './program-evaluate.js';
import type { ProgramSlot } from './program-slots.js';
import { type ResolvedTiming, TIMING_HEADER_DISPLAY_NAMES, type TimingCaps } from './resolve-timing.js';
import type { Rng } from './rng.js';
import { sampleLatency } from './sample-latency.js';

/** A request's timing, with the programs its values came from (the default's, or its headers'). */
export interface ProgrammedTiming extends ResolvedTiming {
  ttftProgram: LatencyProgram;
  itlProgram: LatencyProgram;
}

export interface ProgrammedTimingInput {
  ttft: ProgramSlot;
  itl: ProgramSlot;
  /** Raw `X-OUTPUT-LENGTH`; `undefined` when absent. */
  outputLength: string | undefined;
}

/**
 * Resolves the timing of one request whose TTFT and ITL may be programs: checks the output length (throwing
 * TimingParseError before anything is counted or drawn), evaluates both programs at `elapsedMs` of program
 * time — counting the request in the tail nodes it reaches — and draws TTFT then ITL once each from `rng`.
 * `ttftSpec` and `itlSpec` of the result are the plain values the programs gave at that moment.
 */
export function resolveProgrammedTiming(
  input: ProgrammedTimingInput,
  defaultOutputLength: number,
  caps: TimingCaps,
  rng: Rng,
  elapsedMs: number,
): ProgrammedTiming {
  const outputLength =
    input.outputLength === undefined
      ? defaultOutputLength
      : parseOutputLength(input.outputLength, TIMING_HEADER_DISPLAY_NAMES.outputLength, caps.outputLength);
  const ttftSpec = evaluateLatencyProgram(input.ttft.program, elapsedMs, input.ttft.counters);
  const itlSpec = evaluateLatencyProgram(input.itl.program, elapsedMs, input.itl.counters);
  const ttftMs = sampleLatency(ttftSpec, rng, caps.ttftMs);
  const itlMs = sampleLatency(itlSpec, rng, caps.itlMs);
  return {
    ttftMs,
    itlMs,
    outputLength,
    ttftSpec,
    itlSpec,
    ttftProgram: input.ttft.program,
    itlProgram: input.itl.program,
  };
}
