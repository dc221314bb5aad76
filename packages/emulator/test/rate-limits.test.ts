import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../src/config/load-config.js';
import { ManualClock } from './support/manual-clock.js';
import { buildTestApp } from './support/test-app.js';

// The limiter over time, on a manual clock: every refill and every retry delay is exact.

// 3 per message + 'user' (1) + 'Say hi.' (3) + 3 priming, in o200k_base.
const PROMPT_TOKENS = 10;
const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi.' }] };
const DUE_AT_ONCE = { 'x-ttft-ms': '0', 'x-itl-ms': '0' };
const LINK = 'Visit https://platform.openai.com/account/rate-limits to learn more.';

let clock: ManualClock;
let app: FastifyInstance;
afterEach(async () => {
  await app.close();
});

async function start(rateLimits: ConfigOverrides['rateLimits']): Promise<void> {
  clock = new ManualClock();
  // No precision window: with TTFT 0 the answer is due at once, and the clock moves only when told to.
  app = await buildTestApp({ rateLimits, precisionWindowMs: 0, timing: { outputLength: 4 } }, { clock });
  await app.ready();
}

/** Sends a request and lets the app serve it without moving the clock. */
async function send(options: {
  url?: string;
  payload?: Record<string, unknown>;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
}): Promise<LightMyRequestResponse> {
  let response: LightMyRequestResponse | undefined;
  const pending = app
    .inject({
      method: options.method ?? 'POST',
      url: options.url ?? '/v1/chat/completions',
      ...(options.method === 'GET' ? {} : { payload: options.payload ?? CHAT }),
      headers: { ...DUE_AT_ONCE, ...options.headers },
    })
    .then((value) => {
      response = value;
    });
  for (let turn = 0; turn < 200 && response === undefined; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    clock.runImmediates();
  }
  await pending;
  return response as LightMyRequestResponse;
}

function limitHeaders(response: LightMyRequestResponse): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(response.headers).filter(
      ([name]) => name.startsWith('x-ratelimit-') || name.startsWith('retry-after'),
    ),
  );
}

describe('requests per minute', () => {
  it('admits the limit, refuses the next with the exact wait, and refills continuously', async () => {
    await start({ requestsPerMinute: 3 });
    const admitted = [await send({}), await send({}), await send({})];
    expect(admitted.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    expect(admitted.map((response) => response.headers['x-ratelimit-remaining-requests'])).toEqual([
      '2',
      '1',
      '0',
    ]);
    expect(admitted.map((response) => response.headers['x-ratelimit-reset-requests'])).toEqual([
      '20s',
      '40s',
      '1m0s',
    ]);
    // Tokens are not limited: their headers keep the generous defaults.
    expect(admitted[0]?.headers['x-ratelimit-limit-tokens']).toBe('1000000000');

    clock.advance(5_000);
    const refused = await send({});
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      error: {
        message:
          'Rate limit reached for gpt-4o-mini in organization org-tokenpace on requests per min (RPM): Limit 3, ' +
          `Used 3, Requested 1. Please try again in 15s. ${LINK}`,
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
    expect(limitHeaders(refused)).toEqual({
      'retry-after': '15',
      'retry-after-ms': '15000',
      'x-ratelimit-limit-requests': '3',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '55s',
      'x-ratelimit-limit-tokens': '1000000000',
      'x-ratelimit-remaining-tokens': '999999999',
      'x-ratelimit-reset-tokens': '0s',
    });

    clock.advance(14_999);
    expect((await send({})).statusCode).toBe(429);
    clock.advance(1);
    const again = await send({});
    expect([again.statusCode, again.headers['x-ratelimit-remaining-requests']]).toEqual([200, '0']);
    clock.advance(60_000);
    expect((await send({})).headers['x-ratelimit-remaining-requests']).toBe('2');
  });

  it('keeps each API key apart, or all together in global scope', async () => {
    await start({ requestsPerMinute: 1 });
    const alice = { authorization: 'Bearer sk-alice' };
    const bob = { authorization: 'Bearer sk-bob' };
    expect([(await send({ headers: alice })).statusCode, (await send({ headers: bob })).statusCode]).toEqual([
      200, 200,
    ]);
    expect((await send({ headers: alice })).statusCode).toBe(429);
    // Requests without a key share one bucket of their own.
    expect([(await send({})).statusCode, (await send({})).statusCode]).toEqual([200, 429]);
    await app.close();

    await start({ requestsPerMinute: 1, scope: 'global' });
    expect([(await send({ headers: alice })).statusCode, (await send({ headers: bob })).statusCode]).toEqual([
      200, 429,
    ]);
  });

  it('reports the state of the key on routes that spend nothing', async () => {
    await start({ requestsPerMinute: 10 });
    await send({ headers: { authorization: 'Bearer sk-a' } });
    clock.advance(1500);
    const models = await send({
      method: 'GET',
      url: '/v1/models',
      headers: { authorization: 'Bearer sk-a' },
    });
    expect(limitHeaders(models)).toMatchObject({
      'x-ratelimit-limit-requests': '10',
      'x-ratelimit-remaining-requests': '9',
      'x-ratelimit-reset-requests': '4.5s',
    });
    // A request refused before it is admitted spends nothing, and says so.
    const invalid = await send({ payload: { model: '' }, headers: { authorization: 'Bearer sk-a' } });
    expect([invalid.statusCode, invalid.headers['x-ratelimit-remaining-requests']]).toEqual([400, '9']);
    const other = await send({ method: 'GET', url: '/v1/models', headers: { authorization: 'Bearer sk-b' } });
    expect(limitHeaders(other)).toMatchObject({
      'x-ratelimit-remaining-requests': '10',
      'x-ratelimit-reset-requests': '0s',
    });
  });
});

describe('tokens per minute', () => {
  it('counts prompt tokens plus the requested output, n times, and waits exactly for enough', async () => {
    await start({ tokensPerMinute: 100 });
    const asked = PROMPT_TOKENS + 2 * 20;
    const first = await send({ payload: { ...CHAT, max_completion_tokens: 20, n: 2 } });
    expect(limitHeaders(first)).toMatchObject({
      'x-ratelimit-limit-tokens': '100',
      'x-ratelimit-remaining-tokens': String(100 - asked),
      'x-ratelimit-reset-tokens': '30s',
      'x-ratelimit-limit-requests': '1000000',
    });
    // Without max tokens, the output length it will get (4) is what it asks for.
    const second = await send({});
    expect(second.headers['x-ratelimit-remaining-tokens']).toBe(String(100 - asked - (PROMPT_TOKENS + 4)));
    const refused = await send({ payload: { ...CHAT, max_tokens: 40 } });
    expect(refused.statusCode).toBe(429);
    // 50 wanted, 36 left: 14 more at 100 per minute take 8.4 s.
    expect(refused.json().error).toEqual({
      message:
        'Rate limit reached for gpt-4o-mini in organization org-tokenpace on tokens per min (TPM): Limit 100, ' +
        `Used 64, Requested 50. Please try again in 8.4s. ${LINK}`,
      type: 'tokens',
      param: null,
      code: 'rate_limit_exceeded',
    });
    expect(limitHeaders(refused)).toMatchObject({ 'retry-after': '9', 'retry-after-ms': '8400' });
    clock.advance(8400);
    expect((await send({ payload: { ...CHAT, max_tokens: 40 } })).statusCode).toBe(200);
  });

  it('refuses a request larger than the limit for good, without a retry delay', async () => {
    await start({ tokensPerMinute: 100 });
    const response = await send({ payload: { ...CHAT, max_tokens: 500 } });
    expect(response.statusCode).toBe(429);
    expect(response.json().error.message).toBe(
      'Request too large for gpt-4o-mini in organization org-tokenpace on tokens per min (TPM): Limit 100, ' +
        `Requested ${PROMPT_TOKENS + 500}. The input or output tokens must be reduced in order to run ` +
        `successfully. ${LINK}`,
    );
    expect([response.headers['retry-after'], response.headers['retry-after-ms']]).toEqual([
      undefined,
      undefined,
    ]);
    // It spent nothing.
    expect((await send({})).headers['x-ratelimit-remaining-tokens']).toBe(String(100 - PROMPT_TOKENS - 4));
  });

  it('counts legacy prompts with their 16-token default, and embedding input alone', async () => {
    await start({ tokensPerMinute: 1000 });
    const legacy = await send({
      url: '/v1/completions',
      payload: { model: 'gpt-3.5-turbo-instruct', prompt: ['Hello', 'Hi'], n: 2 },
    });
    // 'Hello' and 'Hi' are one token each in cl100k_base; 2 prompts × 2 choices × 16.
    expect(legacy.headers['x-ratelimit-remaining-tokens']).toBe(String(1000 - 2 - 64));
    const embedding = await send({
      url: '/v1/embeddings',
      payload: { model: 'text-embedding-3-small', input: 'Hello world' },
    });
    expect(embedding.headers['x-ratelimit-remaining-tokens']).toBe(String(1000 - 66 - 2));
  });
});
