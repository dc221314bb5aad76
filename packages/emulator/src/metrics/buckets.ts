// Histogram bucket boundaries, in seconds.
//
// The vLLM ones are copied from vLLM's Prometheus logger (vllm/v1/metrics/loggers.py) so that a dashboard's
// histogram_quantile over these series interpolates exactly as it does against a real vLLM server.

/** `vllm:time_to_first_token_seconds`. */
export const VLLM_TTFT_BUCKETS_S: readonly number[] = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0,
  80.0, 160.0, 640.0, 2560.0,
];

/** `vllm:inter_token_latency_seconds` (and vLLM's older `time_per_output_token_seconds`). */
export const VLLM_ITL_BUCKETS_S: readonly number[] = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0,
];

/** `vllm:e2e_request_latency_seconds` and `vllm:request_queue_time_seconds`. */
export const VLLM_REQUEST_LATENCY_BUCKETS_S: readonly number[] = [
  0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0,
  960.0, 1920.0, 7680.0,
];

/** Fine buckets grow by 2^(1/8): neighbours 9 % apart, so an interpolated percentile is within a few %. */
export const FINE_BUCKET_RATIO = 2 ** (1 / 8);
const FINE_BUCKETS_PER_DOUBLING = 8;

/**
 * `count` boundaries from `startS`, each 2^(1/8) times the one before, rounded to four significant digits
 * (still strictly increasing, and short in the exposition text).
 */
export function fineBuckets(startS: number, doublings: number): number[] {
  const count = doublings * FINE_BUCKETS_PER_DOUBLING + 1;
  return Array.from({ length: count }, (_, index) =>
    Number((startS * FINE_BUCKET_RATIO ** index).toPrecision(4)),
  );
}

/** tokenpace's configured and observed TTFT: 1 ms to 1049 s (20 doublings). */
export const FINE_TTFT_BUCKETS_S: readonly number[] = fineBuckets(0.001, 20);

/** tokenpace's configured and observed ITL: 0.1 ms to 105 s (20 doublings). */
export const FINE_ITL_BUCKETS_S: readonly number[] = fineBuckets(0.0001, 20);

/** Schedule lateness: 1 µs to 10 s on a 1-2-5 scale; most tokens leave within microseconds of their due time. */
export const LATENESS_BUCKETS_S: readonly number[] = [
  0.000001, 0.000002, 0.000005, 0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01,
  0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10,
];
