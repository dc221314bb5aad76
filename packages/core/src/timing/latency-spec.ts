/** A latency value: a constant, or a distribution sampled once per request. All values in ms. */
export type LatencySpec =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'normal'; meanMs: number; stdDevMs: number }
  | { kind: 'lognormal'; p50Ms: number; p99Ms: number };

export type LatencyKind = LatencySpec['kind'];

/** z such that Φ(z) = 0.99: the 99th percentile of the standard normal distribution. */
export const Z_0_99 = 2.3263478740408408;
