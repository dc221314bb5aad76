import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './support/manual-clock.js';
import { type Exposition, parseExposition, sampleValue, sumOf } from './support/prometheus-text.js';
import { sseData } from './support/sse.js';
import { buildTestApp } from './support/test-app.js';

// A known set of requests on a manual clock, so every measured value is exact: token writes happen at their due
// times, and the metrics must say exactly that.

const MODEL = 'gpt-4o-mini';
const VLLM = { model_name: MODEL, engine: '0' };
let clock: ManualClock;
let app: FastifyInstance;

beforeAll(async () => {
  clock = new ManualClock();
  // No precision window: on a manual clock every timer fires exactly at its due time.
  app = await buildTestApp({ precisionWindowMs: 0 }, { clock });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

/** Lets the real event loop run a request up to the point where it waits on the manual clock. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
}

async function scrape(): Promise<Exposition> {
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  await settle();
  return parseExposition(response.body);
}

/** Sends a chat request, moves the clock to `untilMs` after its arrival, and returns the finished response. */
async function chat(
  headers: Record<string, string>,
  body: Record<string, unknown>,
  untilMs: number,
): Promise<LightMyRequestResponse> {
  const startMs = clock.now();
  const pending = app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    payload: { model: MODEL, messages: [{ role: 'user', content: 'Count to five.' }], ...body },
    headers,
  });
  await settle();
  clock.advanceTo(startMs + untilMs);
  const response = await pending;
  await settle();
  return response;
}

describe('GET /metrics after a known set of requests', () => {
  let exposition: Exposition;
  let promptTokens: number;

  beforeAll(async () => {
    // 1. A stream: TTFT 100 ms, then 4 gaps of 10 ms.
    const stream = await chat(
      { 'x-ttft-ms': '100', 'x-itl-ms': '10', 'x-output-length': '5' },
      { stream: true, stream_options: { include_usage: true } },
      140,
    );
    const usage = (sseData(stream.body).at(-2) as { usage: { prompt_tokens: number } }).usage;
    promptTokens = usage.prompt_tokens;
    // 2. A non-streamed response capped by max_tokens: sent at 50 + 2·10 ms, finish_reason length.
    const unary = await chat(
      { 'x-ttft-ms': '50', 'x-itl-ms': '10', 'x-output-length': '3' },
      { max_tokens: 2 },
      70,
    );
    expect(unary.json()).toMatchObject({
      choices: [{ finish_reason: 'length' }],
      usage: { completion_tokens: 2 },
    });
    // 3. An invalid timing header: a 400 before anything is planned.
    const invalid = await chat({ 'x-ttft-ms': 'soon' }, {}, 0);
    expect(invalid.statusCode).toBe(400);
    // 4. A path that does not exist.
    expect((await app.inject({ method: 'GET', url: '/v1/nothing' })).statusCode).toBe(404);
    exposition = await scrape();
  });

  it('declares vLLM’s metric names with their types', () => {
    expect(Object.fromEntries([...exposition.types].filter(([name]) => name.startsWith('vllm:')))).toEqual({
      'vllm:time_to_first_token_seconds': 'histogram',
      'vllm:inter_token_latency_seconds': 'histogram',
      'vllm:time_per_output_token_seconds': 'histogram',
      'vllm:e2e_request_latency_seconds': 'histogram',
      'vllm:request_queue_time_seconds': 'histogram',
      'vllm:num_requests_running': 'gauge',
      'vllm:num_requests_waiting': 'gauge',
      'vllm:prompt_tokens_total': 'counter',
      'vllm:generation_tokens_total': 'counter',
      'vllm:request_success_total': 'counter',
      'vllm:request_prompt_tokens': 'histogram',
      'vllm:request_generation_tokens': 'histogram',
    });
  });

  it('fills TTFT with the measured first write, in vLLM’s buckets', () => {
    expect(sampleValue(exposition, 'vllm:time_to_first_token_seconds_count', VLLM)).toBe(1);
    expect(sampleValue(exposition, 'vllm:time_to_first_token_seconds_sum', VLLM)).toBeCloseTo(0.1, 12);
    expect(sampleValue(exposition, 'vllm:time_to_first_token_seconds_bucket', { ...VLLM, le: '0.08' })).toBe(
      0,
    );
    expect(sampleValue(exposition, 'vllm:time_to_first_token_seconds_bucket', { ...VLLM, le: '0.1' })).toBe(
      1,
    );
    expect(sampleValue(exposition, 'vllm:time_to_first_token_seconds_bucket', { ...VLLM, le: '+Inf' })).toBe(
      1,
    );
    const bounds = exposition.samples
      .filter((sample) => sample.name === 'vllm:time_to_first_token_seconds_bucket')
      .map((sample) => sample.labels.le);
    expect(bounds).toEqual([
      '0.001',
      '0.005',
      '0.01',
      '0.02',
      '0.04',
      '0.06',
      '0.08',
      '0.1',
      '0.25',
      '0.5',
      '0.75',
      '1',
      '2.5',
      '5',
      '7.5',
      '10',
      '20',
      '40',
      '80',
      '160',
      '640',
      '2560',
      '+Inf',
    ]);
  });

  it('fills ITL with the gaps between writes, and e2e with the last byte of completed requests', () => {
    expect(sampleValue(exposition, 'vllm:inter_token_latency_seconds_count', VLLM)).toBe(4);
    expect(sampleValue(exposition, 'vllm:inter_token_latency_seconds_sum', VLLM)).toBeCloseTo(0.04, 12);
    expect(sampleValue(exposition, 'vllm:inter_token_latency_seconds_bucket', { ...VLLM, le: '0.01' })).toBe(
      4,
    );
    expect(sampleValue(exposition, 'vllm:time_per_output_token_seconds_count', VLLM)).toBe(4);
    expect(sampleValue(exposition, 'vllm:e2e_request_latency_seconds_count', VLLM)).toBe(2);
    expect(sampleValue(exposition, 'vllm:e2e_request_latency_seconds_sum', VLLM)).toBeCloseTo(
      0.14 + 0.07,
      12,
    );
    expect(sampleValue(exposition, 'vllm:request_queue_time_seconds_count', VLLM)).toBe(2);
    expect(sampleValue(exposition, 'vllm:request_queue_time_seconds_sum', VLLM)).toBe(0);
  });

  it('counts tokens and finished requests by reason', () => {
    expect(sampleValue(exposition, 'vllm:prompt_tokens_total', VLLM)).toBe(2 * promptTokens);
    expect(sampleValue(exposition, 'vllm:generation_tokens_total', VLLM)).toBe(5 + 2);
    expect(sampleValue(exposition, 'vllm:request_success_total', { ...VLLM, finished_reason: 'stop' })).toBe(
      1,
    );
    expect(
      sampleValue(exposition, 'vllm:request_success_total', { ...VLLM, finished_reason: 'length' }),
    ).toBe(1);
    expect(sampleValue(exposition, 'vllm:request_generation_tokens_sum', VLLM)).toBe(7);
    expect(sampleValue(exposition, 'vllm:num_requests_running', VLLM)).toBe(0);
    expect(sampleValue(exposition, 'vllm:num_requests_waiting', VLLM)).toBe(0);
  });

  it('puts configured and observed timing of the same streams side by side', () => {
    const model = { model_name: MODEL };
    for (const kind of ['configured', 'observed']) {
      expect(sampleValue(exposition, `tokenpace_emulator_ttft_${kind}_seconds_count`, model)).toBe(1);
      expect(sampleValue(exposition, `tokenpace_emulator_ttft_${kind}_seconds_sum`, model)).toBeCloseTo(
        0.1,
        12,
      );
      expect(sampleValue(exposition, `tokenpace_emulator_itl_${kind}_seconds_count`, model)).toBe(4);
      expect(sampleValue(exposition, `tokenpace_emulator_itl_${kind}_seconds_sum`, model)).toBeCloseTo(
        0.04,
        12,
      );
    }
  });

  it('measures lateness of every token and body: none on a manual clock', () => {
    const lateness = 'tokenpace_emulator_schedule_lateness_seconds';
    expect(sampleValue(exposition, `${lateness}_count`, { kind: 'token' })).toBe(5);
    expect(sampleValue(exposition, `${lateness}_bucket`, { kind: 'token', le: '0.000001' })).toBe(5);
    expect(sampleValue(exposition, `${lateness}_count`, { kind: 'body' })).toBe(1);
    expect(sampleValue(exposition, `${lateness}_sum`, { kind: 'body' })).toBe(0);
  });

  it('counts every request by route, mode, status and fault', () => {
    const requests = 'tokenpace_emulator_requests_total';
    const chatRoute = { model_name: MODEL, route: '/v1/chat/completions', fault: 'none' };
    expect(sampleValue(exposition, requests, { ...chatRoute, mode: 'stream', status: '200' })).toBe(1);
    expect(sampleValue(exposition, requests, { ...chatRoute, mode: 'unary', status: '200' })).toBe(1);
    expect(
      sampleValue(exposition, requests, { model_name: '', route: '/v1/chat/completions', status: '400' }),
    ).toBe(1);
    expect(sampleValue(exposition, requests, { model_name: '', route: 'unmatched', status: '404' })).toBe(1);
    expect(sumOf(exposition, 'tokenpace_emulator_client_aborts_total')).toBe(0);
  });

  it('reports the process and its event loop', () => {
    expect(exposition.types.get('tokenpace_emulator_event_loop_delay_seconds')).toBe('gauge');
    for (const quantile of ['0.5', '0.9', '0.99', '1']) {
      expect(
        sampleValue(exposition, 'tokenpace_emulator_event_loop_delay_seconds', { worker: '0', quantile }),
      ).toBeGreaterThanOrEqual(0);
    }
    const utilization = sampleValue(exposition, 'tokenpace_emulator_event_loop_utilization', { worker: '0' });
    expect(utilization).toBeGreaterThanOrEqual(0);
    expect(utilization).toBeLessThanOrEqual(1);
    expect(sampleValue(exposition, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(exposition, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
