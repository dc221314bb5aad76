import type { LatencySpec } from './latency-spec.js';
import { parseOutputLength } from './output-length.js';
import { parseLatencySpec } from './parse-latency.js';
import type { Rng } from './rng.js';
import { sampleLatency } from './sample-latency.js';

export interface TimingDefaults {
  ttft: LatencySpec;
  itl: LatencySpec;
  outputLength: number;
}

export interface TimingCaps {
  ttftMs: number;
  itlMs: number;
  outputLength: number;
}

/** Raw header values; `undefined` means the header was absent (an empty string is present and invalid). */
export interface TimingHeaders {
  ttft?: string | undefined;
  itl?: string | undefined;
  outputLength?: string | undefined;
}

/** The timing of one request: sampled values, and the specs they were drawn from. */
export interface ResolvedTiming {
  ttftMs: number;
  itlMs: number;
  outputLength: number;
  ttftSpec: LatencySpec;
  itlSpec: LatencySpec;
}

/** Display names used in messages and as the error's `param`: the headers as users write them. */
export const TIMING_HEADER_DISPLAY_NAMES = {
  ttft: 'X-TTFT-MS',
  itl: 'X-ITL-MS',
  outputLength: 'X-OUTPUT-LENGTH',
} as const;

/**
 * Resolves the timing of one request. A header, when present, overrides the default; all three are
 * parsed before anything is drawn, so an invalid header fails without consuming `rng`. TTFT and ITL
 * are then drawn once each, in that order: ITL is constant within a request, so the configured
 * value of every gap is known. Throws TimingParseError naming the header.
 */
export function resolveTiming(
  headers: TimingHeaders,
  defaults: TimingDefaults,
  caps: TimingCaps,
  rng: Rng,
): ResolvedTiming {
  const names = TIMING_HEADER_DISPLAY_NAMES;
  const ttftSpec =
    headers.ttft === undefined ? defaults.ttft : parseLatencySpec(headers.ttft, names.ttft, caps.ttftMs);
  const itlSpec =
    headers.itl === undefined ? defaults.itl : parseLatencySpec(headers.itl, names.itl, caps.itlMs);
  const outputLength =
    headers.outputLength === undefined
      ? defaults.outputLength
      : parseOutputLength(headers.outputLength, names.outputLength, caps.outputLength);
  const ttftMs = sampleLatency(ttftSpec, rng, caps.ttftMs);
  const itlMs = sampleLatency(itlSpec, rng, caps.itlMs);
  return { ttftMs, itlMs, outputLength, ttftSpec, itlSpec };
}
