import { formatLatencyProgram } from '@tokenpace/core';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../src/config/load-config.js';
import { resolveRequestTiming } from '../src/plugins/timing.js';
import { ManualClock } from './support/manual-clock.js';
import { buildTestApp } from './support/test-app.js';

// Latency programs through HTTP, on a manual clock: what each request is configured with, as the response's
// x-tokenpace-ttft-ms header reports it, at known program times.

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function start(overrides: ConfigOverrides = {}): Promise<{ clock: ManualClock; app: FastifyInstance }> {
  const clock = new ManualClock();
  // No precision window: on a manual clock every timer fires exactly at its due time.
  app = await buildTestApp({ precisionWindowMs: 0, ...overrides }, { clock });
  return { clock, app };
}

/** Configured TTFT of one embeddings request with `headers`, answered once the clock has moved `waitMs`. */
async function configuredTtft(
  server: FastifyInstance,
  clock: ManualClock,
  headers: Record<string, string> = {},
  waitMs = 0,
) {
  const pending = server.inject({
    method: 'POST',
    url: '/v1/embeddings',
    payload: { model: 'text-embedding-3-small', input: 'x' },
    headers,
  });
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
  clock.advance(waitMs);
  const response = await pending;
  expect(response.statusCode).toBe(200);
  return Number(response.headers['x-tokenpace-ttft-ms']);
}

describe('latency programs', () => {
  it('steps a header program at its program time', async () => {
    const { clock, app: server } = await start({ timing: { ttft: 0 } });
    const headers = { 'x-ttft-ms': 'step(0,7,at=10s)' };
    expect(await configuredTtft(server, clock, headers)).toBe(0);
    clock.advance(9_999);
    expect(await configuredTtft(server, clock, headers)).toBe(0);
    clock.advance(1);
    // The request now waits 7 ms for its answer.
    expect(await configuredTtft(server, clock, headers, 7)).toBe(7);
  });

  it('gives every third request with the same header its tail value, counting per header text', async () => {
    const { clock, app: server } = await start();
    const values: number[] = [];
    for (let index = 0; index < 6; index++) {
      values.push(await configuredTtft(server, clock, { 'x-ttft-ms': 'tail(0,every=3,value=2)' }, 2));
      // Other texts keep their own count.
      await configuredTtft(server, clock, { 'x-ttft-ms': 'tail(0,every=2,value=1)' }, 1);
    }
    expect(values).toEqual([0, 0, 2, 0, 0, 2]);
  });

  it('takes programs as configured defaults, counted from the first request when asked', async () => {
    const { clock, app: server } = await start({
      timing: { ttft: 'ramp(0,10,over=10s)', programStart: 'first-request' },
    });
    clock.advance(60_000);
    expect(await configuredTtft(server, clock)).toBe(0);
    clock.advance(5000);
    expect(await configuredTtft(server, clock, {}, 5)).toBe(5);
  });

  it('counts a request once in a tail when its timing is resolved again over the same defaults', async () => {
    const clock = new ManualClock();
    const server = await buildTestApp(
      { precisionWindowMs: 0, timing: { ttft: 'tail(1,every=2,value=2)' } },
      { clock },
    );
    app = server;
    // As the scripted plugin does for a rule that sets only the output length.
    server.post('/twice', { config: { timed: true } }, async (request) => {
      const again = resolveRequestTiming(request, { ...server.tokenpace.config.timing, outputLength: 3 });
      return {
        first: request.exchange.timing?.ttftMs,
        again: again.ttftMs,
        program: formatLatencyProgram(again.ttftProgram),
      };
    });
    const answers = [];
    for (let index = 0; index < 4; index++)
      answers.push((await server.inject({ method: 'POST', url: '/twice' })).json());
    expect(answers).toEqual([
      { first: 1, again: 1, program: 'tail(1,every=2,value=2)' },
      { first: 2, again: 2, program: 'tail(1,every=2,value=2)' },
      { first: 1, again: 1, program: 'tail(1,every=2,value=2)' },
      { first: 2, again: 2, program: 'tail(1,every=2,value=2)' },
    ]);
  });

  it('answers an invalid program with a 400 naming the header', async () => {
    const { app: server } = await start();
    const response = await server.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] },
      headers: { 'x-itl-ms': 'step(1,2)' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        message:
          "Invalid X-ITL-MS header: 'step(1,2)' lacks at; step takes two latency values and at=, e.g. step(200,800,at=60s).",
        type: 'invalid_request_error',
        param: 'X-ITL-MS',
        code: 'invalid_timing_value',
      },
    });
  });
});
