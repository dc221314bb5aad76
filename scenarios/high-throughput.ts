// The high-throughput user: an open model (constant arrival rate, no sleep) of short streamed chats with small
// latencies — the load shape that finds a gateway's per-token overhead and its queueing.
//
//   k6 run scenarios/high-throughput.ts -e BASE_URL=http://127.0.0.1:3000 -e RATE=200 -e DURATION=30s
import { check } from 'k6';
import type { Options } from 'k6/options';
import { request } from 'k6/x/tokenpace';
import { envDuration, envNumber } from '../packages/load/k6-helpers/env.ts';
import { DEFAULT_DELTA_SLO, SUMMARY_TREND_STATS } from '../packages/load/k6-helpers/options.ts';
import { requireTarget, targetFromEnv, warmUp, warmUpRequests } from '../packages/load/k6-helpers/target.ts';
import { deltaSloFromEnv, deltaThresholds } from '../packages/load/k6-helpers/thresholds.ts';
import { type TimingProfile, timingHeaders } from '../packages/load/k6-helpers/timing.ts';

const SCENARIO = 'high_throughput';
const target = targetFromEnv();
const RATE_PER_SECOND = envNumber('RATE', 100, { min: 1 });
const PROFILE: TimingProfile = {
  ttftMs: envNumber('TTFT_MS', 10),
  itlMs: envNumber('ITL_MS', 2),
  outputLength: envNumber('OUTPUT_LENGTH', 16, { min: 1 }),
};
const HEADERS = { ...target.headers, ...timingHeaders(PROFILE) };
const BODY = {
  model: target.model,
  messages: [{ role: 'user', content: 'Say something short.' }],
  stream: true,
  stream_options: { include_usage: true },
};

export const options: Options = {
  scenarios: {
    [SCENARIO]: {
      executor: 'constant-arrival-rate',
      rate: RATE_PER_SECOND,
      timeUnit: '1s',
      duration: envDuration('DURATION', '20s'),
      preAllocatedVUs: envNumber('PRE_ALLOCATED_VUS', 50, { min: 1 }),
      maxVUs: envNumber('MAX_VUS', 400, { min: 1 }),
    },
  },
  thresholds: {
    ...deltaThresholds(SCENARIO, deltaSloFromEnv(DEFAULT_DELTA_SLO)),
    // An open model that drops iterations is no longer offering the rate it claims.
    dropped_iterations: [`count<=${envNumber('MAX_DROPPED_ITERATIONS', 0)}`],
    checks: ['rate==1'],
  },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup(): void {
  requireTarget(target);
  warmUp(target, warmUpRequests(target.model), envNumber('WARMUP_ROUNDS', 2, { min: 0 }));
}

export default function highThroughputUser(): void {
  const result = request({
    url: `${target.baseUrl}/v1/chat/completions`,
    body: BODY,
    headers: HEADERS,
    timeoutMs: 30_000,
  });
  check(result, {
    '200 and complete': (r) => r.status === 200 && r.ok,
    'exact output tokens': (r) => r.outputTokens === PROFILE.outputLength,
  });
}
