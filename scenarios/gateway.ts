// The gateway user: an open model (arrival rate, no sleep) swept over several rates, with a request mix by
// weight and prompt and output lengths drawn from distributions — the same seeded sequence of requests on every
// run, so a direct run and a run through a gateway can be compared request for request. Every request carries
// a request key (X-Client-Request-Id and a marker in its prompt) that `pnpm report --ground-truth` joins with
// the emulator's ground-truth log.
//
//   k6 run scenarios/gateway.ts -e BASE_URL=http://127.0.0.1:4000 -e RATES=10,20,40 -e STEP_DURATION=20s
//
// RATES            arrival rates per second, one step each (a k6 scenario `gateway_r<rate>` per step)
// STEP_DURATION    how long each rate runs (default 15s)
// MIX              request mix by weight: chat_stream, chat_unary, completion_stream, completion_unary
//                  (default chat_stream:1), e.g. chat_stream:6,chat_unary:2,completion_stream:1
// PROMPT_WORDS     prompt length, N, uniform(MIN,MAX) or lognormal(p50=A,p99=B) (default 32)
// OUTPUT_TOKENS    output length, same forms (default 16)
// TIMING           headers: send X-TTFT-MS, X-ITL-MS, X-OUTPUT-LENGTH; model: send none and let the emulator's
//                  per-model profile time the request (for gateways that drop headers), the output length then
//                  capped with max_tokens (default headers)
// TTFT_MS, ITL_MS  the timing headers' values (default 50 and 10)
// SEED             seeds the drawn lengths (default 1)
// RUN_ID           the request keys' prefix (default: the start time)
import { check } from 'k6';
import exec from 'k6/execution';
import type { Options, Scenario } from 'k6/options';
import { type Result, request } from 'k6/x/tokenpace';
import { drawLength, envDistribution, promptOfWords } from '../packages/load/k6-helpers/distribution.ts';
import { envDuration, envNumber, envString } from '../packages/load/k6-helpers/env.ts';
import { parseMix } from '../packages/load/k6-helpers/mix.ts';
import { SUMMARY_TREND_STATS } from '../packages/load/k6-helpers/options.ts';
import { weightedCycle } from '../packages/load/k6-helpers/pick.ts';
import {
  nextRequestKey,
  runIdFromEnv,
  withKeyMetadata,
  withRequestKey,
  withRequestKeyHeader,
} from '../packages/load/k6-helpers/request-key.ts';
import { requireTarget, targetFromEnv, warmUp, warmUpRequests } from '../packages/load/k6-helpers/target.ts';
import { timingHeaders } from '../packages/load/k6-helpers/timing.ts';

const target = targetFromEnv();
const STEP_DURATION = envDuration('STEP_DURATION', '15s');
const RATES = envString('RATES', '20')
  .split(',')
  .map((text) => {
    const rate = Number(text.trim());
    if (!Number.isFinite(rate) || rate <= 0)
      throw new Error(`Invalid RATES entry ${JSON.stringify(text)}: expected a rate per second > 0.`);
    return rate;
  });
const TIMING = envString('TIMING', 'headers');
if (TIMING !== 'headers' && TIMING !== 'model') {
  throw new Error(`Invalid TIMING=${JSON.stringify(TIMING)}: expected headers or model.`);
}
const PROMPT_WORDS = envDistribution('PROMPT_WORDS', '32');
const OUTPUT_TOKENS = envDistribution('OUTPUT_TOKENS', '16');
const SEED = envNumber('SEED', 1);
const TTFT = envString('TTFT_MS', '50');
const ITL = envString('ITL_MS', '10');

type Kind = { path: string; stream: boolean; chat: boolean };
const KINDS: Record<string, Kind> = {
  chat_stream: { path: '/v1/chat/completions', stream: true, chat: true },
  chat_unary: { path: '/v1/chat/completions', stream: false, chat: true },
  completion_stream: { path: '/v1/completions', stream: true, chat: false },
  completion_unary: { path: '/v1/completions', stream: false, chat: false },
};
const nextKind = weightedCycle(parseMix('MIX', envString('MIX', 'chat_stream:1'), KINDS));

/** The scenario name of one rate step: the report keeps each step apart by it. */
function stepName(rate: number): string {
  return `gateway_r${String(rate).replace('.', '_')}`;
}

/** Seconds in a k6 duration such as 1m30s. */
function seconds(duration: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const [, value, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(value) * (units[unit as string] as number);
  }
  return total;
}

const scenarios: Record<string, Scenario> = {};
RATES.forEach((rate, index) => {
  scenarios[stepName(rate)] = {
    executor: 'constant-arrival-rate',
    rate,
    timeUnit: '1s',
    duration: STEP_DURATION,
    startTime: `${index * seconds(STEP_DURATION)}s`,
    preAllocatedVUs: envNumber('PRE_ALLOCATED_VUS', Math.ceil(rate), { min: 1 }),
    maxVUs: envNumber('MAX_VUS', Math.max(50, Math.ceil(rate * 4)), { min: 1 }),
    gracefulStop: '10s',
  };
});

export const options: Options = {
  scenarios,
  thresholds: {
    // An open model that drops iterations no longer offers the rate it claims.
    dropped_iterations: [`count<=${envNumber('MAX_DROPPED_ITERATIONS', 0)}`],
  },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

interface SetupData {
  runId: string;
}

export function setup(): SetupData {
  requireTarget(target);
  warmUp(target, warmUpRequests(target.model), envNumber('WARMUP_ROUNDS', 2, { min: 0 }));
  return { runId: runIdFromEnv() };
}

export default function gatewayUser(data: SetupData): void {
  // Each step draws its own fixed sequence, so two runs of the same steps send the same requests in order.
  const step = RATES.findIndex((rate) => stepName(rate) === exec.scenario.name);
  const index = Math.max(0, step) * 1_000_000 + exec.scenario.iterationInTest;
  const kind = nextKind(index);
  const outputTokens = drawLength(OUTPUT_TOKENS, SEED, index);
  const prompt = promptOfWords(drawLength(PROMPT_WORDS, SEED ^ 0x5bd1e995, index));
  const key = nextRequestKey(data.runId);
  const lengthCap =
    TIMING === 'model' ? { [kind.chat ? 'max_completion_tokens' : 'max_tokens']: outputTokens } : {};
  const body = withRequestKey(
    kind.chat
      ? {
          model: target.model,
          messages: [{ role: 'user', content: prompt }],
          stream: kind.stream,
          ...lengthCap,
        }
      : { model: target.model, prompt, stream: kind.stream, ...lengthCap },
    key,
  );
  if (kind.stream && kind.chat) body.stream_options = { include_usage: true };
  const timing =
    TIMING === 'headers' ? timingHeaders({ ttftMs: TTFT, itlMs: ITL, outputLength: outputTokens }) : {};
  const result: Result = withKeyMetadata(key, () =>
    request({
      url: `${target.baseUrl}${kind.path}`,
      body,
      headers: withRequestKeyHeader({ ...target.headers, ...timing }, key),
      timeoutMs: 60_000,
    }),
  );
  // A failed request says why once, in k6's log: a gateway benchmark's errors are its first finding.
  if (!result.ok) console.warn(`request ${key}: ${result.errorCode} ${result.status} ${result.error}`);
  check(result, {
    '200 and complete': (r) => r.status === 200 && r.ok,
    'exact output tokens': (r) => r.outputTokens === outputTokens,
  });
}
