// Timing headers of the tokenpace contract, built from the shared protocol constants.
import { HEADER_ITL_MS, HEADER_OUTPUT_LENGTH, HEADER_TTFT_MS } from '../../core/src/protocol.ts';

export interface TimingProfile {
  /** Time to first token: a number of ms or a distribution such as `lognormal(p50=200,p99=800)`. */
  ttftMs: number | string;
  /** Inter-token latency: a number of ms or a distribution. */
  itlMs: number | string;
  outputLength: number;
}

export function timingHeaders(profile: TimingProfile): Record<string, string> {
  return {
    [HEADER_TTFT_MS]: String(profile.ttftMs),
    [HEADER_ITL_MS]: String(profile.itlMs),
    [HEADER_OUTPUT_LENGTH]: String(profile.outputLength),
  };
}
