import { type LatencySpec, Z_0_99 } from './latency-spec.js';
import { normalQuantile } from './normal-quantile.js';
import type { Rng } from './rng.js';

/** Smallest probability handed to the quantile function, for the rare draw of exactly 0. */
const SMALLEST_P = 2 ** -53;

/** Draws are rounded to whole microseconds: the resolution of the harness's histograms, and short header text. */
function toMicroseconds(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function clamp(ms: number, capMs: number): number {
  return Math.min(Math.max(ms, 0), capMs);
}

/**
 * One draw in milliseconds, in [0, capMs]. Draws outside that range are clamped (not redrawn),
 * so a normal distribution whose mean is near 0 piles its negative half up at exactly 0 ms and
 * its percentiles stay those of the clamped distribution. Distribution draws are rounded to
 * whole microseconds; fixed values are returned as given.
 *
 * Normal and lognormal draws use the inverse CDF of one uniform (not Box–Muller), so each draw
 * consumes exactly one number from `rng` (fixed: none) and a larger uniform always gives a larger
 * latency. lognormal(p50, p99) has μ = ln p50 and σ = ln(p99 / p50) / z₀.₉₉, z₀.₉₉ = 2.3263478740.
 */
export function sampleLatency(spec: LatencySpec, rng: Rng, capMs: number): number {
  switch (spec.kind) {
    case 'fixed':
      return clamp(spec.ms, capMs);
    case 'uniform':
      return clamp(toMicroseconds(spec.minMs + (spec.maxMs - spec.minMs) * rng()), capMs);
    case 'normal':
      return clamp(toMicroseconds(spec.meanMs + spec.stdDevMs * standardNormal(rng)), capMs);
    case 'lognormal': {
      const sigma = Math.log(spec.p99Ms / spec.p50Ms) / Z_0_99;
      return clamp(toMicroseconds(spec.p50Ms * Math.exp(sigma * standardNormal(rng))), capMs);
    }
  }
}

function standardNormal(rng: Rng): number {
  const uniform = rng();
  return normalQuantile(uniform > 0 ? uniform : SMALLEST_P);
}
