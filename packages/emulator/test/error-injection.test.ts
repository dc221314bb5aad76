import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sseData } from './support/sse.js';
import { buildTestApp } from './support/test-app.js';

// Errors are answered at once; successes here are due at once too (TTFT 0, ITL 0), so 1,000 requests are quick.
const FAST = { 'x-ttft-ms': '0', 'x-itl-ms': '0', 'x-output-length': '2' };
const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi.' }] };

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
});

function post(target: FastifyInstance, url: string, payload: unknown, headers: Record<string, string> = {}) {
  return target.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers });
}

const chat = (headers: Record<string, string>, payload: Record<string, unknown> = {}, target = app) =>
  post(target, '/v1/chat/completions', { ...CHAT, ...payload }, { ...FAST, ...headers });

/** Indices (from 0) of the requests among `count` that failed. */
async function failedIndices(count: number, send: () => Promise<{ statusCode: number }>): Promise<number[]> {
  const failed: number[] = [];
  for (let index = 0; index < count; index++) {
    if ((await send()).statusCode !== 200) failed.push(index);
  }
  return failed;
}

const RATE_LIMITS_LINK = 'Visit https://platform.openai.com/account/rate-limits to learn more.';

describe('X-Error forces an error in OpenAI shape', () => {
  it('answers each status with its type, code, message and retry headers', async () => {
    const cases = [
      {
        header: '400',
        status: 400,
        error: {
          message: 'The request was rejected as invalid.',
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      },
      {
        header: '401',
        status: 401,
        error: {
          message:
            'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      },
      {
        header: '429',
        status: 429,
        retry: ['1', '1000'],
        error: {
          message:
            'Rate limit reached for gpt-4o-mini in organization org-tokenpace on requests per min (RPM). ' +
            `Please try again in 1s. ${RATE_LIMITS_LINK}`,
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      },
      {
        header: '500',
        status: 500,
        error: {
          message: 'The server had an error while processing your request. Sorry about that!',
          type: 'server_error',
          param: null,
          code: null,
        },
      },
      {
        header: 'insufficient_quota',
        status: 429,
        error: {
          message:
            'You exceeded your current quota, please check your plan and billing details. For more information on ' +
            'this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
          type: 'insufficient_quota',
          param: null,
          code: 'insufficient_quota',
        },
      },
    ];
    for (const { header, status, error, retry } of cases) {
      for (const stream of [false, true]) {
        const response = await chat({ 'x-error': header }, { stream });
        expect({ header, stream, status: response.statusCode, body: response.json() }).toEqual({
          header,
          stream,
          status,
          body: { error },
        });
        expect([response.headers['retry-after'], response.headers['retry-after-ms']]).toEqual(
          retry ?? [undefined, undefined],
        );
        expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(response.headers['x-tokenpace-fault']).toMatch(/^error:/);
      }
    }
  });

  it("quotes the request id in 503's overload message and announces the retry", async () => {
    const response = await chat({ 'x-error': '503', 'x-error-retry-after-ms': '250' });
    const requestId = response.headers['x-request-id'];
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: {
        message:
          'That model is currently overloaded with other requests. You can retry your request, or contact us through ' +
          'our help center at help.openai.com if the error persists. ' +
          `(Please include the request ID ${requestId} in your message.)`,
        type: 'server_error',
        param: null,
        code: null,
      },
    });
    expect(response.headers).toMatchObject({
      'retry-after': '1',
      'retry-after-ms': '250',
      'x-tokenpace-fault': 'error:overloaded',
    });
  });

  it('quotes the presented key masked in an injected 401', async () => {
    const response = await chat({ 'x-error': '401', authorization: 'Bearer sk-proj-abcdefghijklmnop1234' });
    expect(response.json().error.message).toBe(
      `Incorrect API key provided: sk-proj-${'*'.repeat(16)}1234. You can find your API key at ` +
        'https://platform.openai.com/account/api-keys.',
    );
  });

  it('applies to legacy completions and embeddings too', async () => {
    const completion = await post(
      app,
      '/v1/completions',
      { model: 'gpt-3.5-turbo-instruct', prompt: 'Hi' },
      {
        ...FAST,
        'x-error': '502',
      },
    );
    expect(completion.statusCode).toBe(502);
    expect(completion.json().error).toEqual({
      message: 'Bad gateway.',
      type: 'server_error',
      param: null,
      code: null,
    });
    const embeddings = await post(
      app,
      '/v1/embeddings',
      { model: 'text-embedding-3-small', input: 'x' },
      {
        ...FAST,
        'x-error': 'rate_limit_tokens',
      },
    );
    expect(embeddings.statusCode).toBe(429);
    expect(embeddings.json().error.type).toBe('tokens');
  });

  it('leaves routes that do no work alone', async () => {
    const models = await app.inject({ method: 'GET', url: '/v1/models', headers: { 'x-error': '500' } });
    expect(models.statusCode).toBe(200);
  });
});

describe('a message that is exactly [429]', () => {
  it('is a 429 rate-limit error, streamed or not', async () => {
    for (const stream of [false, true]) {
      const response = await chat({}, { stream, messages: [{ role: 'user', content: '[429]' }] });
      expect(response.statusCode).toBe(429);
      expect(response.json().error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
      expect(response.headers).toMatchObject({ 'retry-after': '1', 'retry-after-ms': '1000' });
    }
  });

  it('takes any X-Error value in brackets, in the last user message or a legacy prompt', async () => {
    const overloaded = await chat(
      {},
      {
        messages: [
          { role: 'system', content: '[500]' },
          { role: 'user', content: 'first' },
          { role: 'user', content: [{ type: 'text', text: '[503]' }] },
        ],
      },
    );
    expect(overloaded.statusCode).toBe(503);
    const legacy = await post(
      app,
      '/v1/completions',
      { model: 'gpt-3.5-turbo-instruct', prompt: '[insufficient_quota]' },
      FAST,
    );
    expect(legacy.statusCode).toBe(429);
    expect(legacy.json().error.code).toBe('insufficient_quota');
  });

  it('is ordinary text otherwise', async () => {
    for (const content of ['[429] ', ' [429]', '[429][429]', '[418]', '429', 'please [429]']) {
      expect((await chat({}, { messages: [{ role: 'user', content }] })).statusCode).toBe(200);
    }
    // Only the last user message counts: the conversation has moved on.
    const earlier = await chat(
      {},
      {
        messages: [
          { role: 'user', content: '[429]' },
          { role: 'user', content: 'and now?' },
        ],
      },
    );
    expect(earlier.statusCode).toBe(200);
  });
});

describe('X-Error-Rate fails a share of requests', () => {
  it('exactly 10 of 1,000 at 1% in exact mode', { timeout: 60_000 }, async () => {
    const fresh = await buildTestApp();
    const responses = await Promise.all(
      Array.from({ length: 1000 }, () => chat({ 'x-error-rate': '0.01', 'x-error': '503' }, {}, fresh)),
    );
    await fresh.close();
    const statuses = responses.map((response) => response.statusCode);
    expect([
      statuses.filter((status) => status === 503).length,
      statuses.filter((status) => status === 200).length,
    ]).toEqual([10, 990]);
  });

  it('every k-th request in arrival order: the 10th, 20th and 30th at 10%', async () => {
    const fresh = await buildTestApp();
    const failed = await failedIndices(30, () => chat({ 'x-error-rate': '10%' }, {}, fresh));
    await fresh.close();
    expect(failed).toEqual([9, 19, 29]);
  });

  it('with the configured error when X-Error is absent, and 1% or 1/100 alike', async () => {
    const fresh = await buildTestApp({ faults: { error: '429' } });
    const statuses = new Set<number>();
    let failures = 0;
    for (let index = 0; index < 200; index++) {
      const response = await chat({ 'x-error-rate': index % 2 === 0 ? '1%' : '1/100' }, {}, fresh);
      if (response.statusCode !== 200) {
        failures++;
        statuses.add(response.statusCode);
      }
    }
    await fresh.close();
    expect([failures, [...statuses]]).toEqual([2, [429]]);
  });

  it('in random mode, draws from the seeded generator: the same seed fails the same requests', async () => {
    const run = async (seed: number) => {
      const fresh = await buildTestApp({ seed });
      const failed = await failedIndices(100, () =>
        chat({ 'x-error-rate': '0.3', 'x-error-mode': 'random' }, {}, fresh),
      );
      await fresh.close();
      return failed;
    };
    const first = await run(5);
    expect(await run(5)).toEqual(first);
    expect(await run(6)).not.toEqual(first);
    // Binomial(100, 0.3): 30 ± 4.6; 5 sd either side.
    expect(first.length).toBeGreaterThan(30 - 23);
    expect(first.length).toBeLessThan(30 + 23);
  });

  it('from the config for requests without headers, which a header of 0 turns off', async () => {
    const fresh = await buildTestApp({ faults: { error: '503', errorRate: 0.25 } });
    const failed = await failedIndices(12, () => chat({}, {}, fresh));
    const kept = await failedIndices(8, () => chat({ 'x-error-rate': '0' }, {}, fresh));
    await fresh.close();
    expect(failed).toEqual([3, 7, 11]);
    expect(kept).toEqual([]);
  });
});

describe('x-should-retry', () => {
  it('echoes the request header on error responses only', async () => {
    const failed = await chat({ 'x-error': '500', 'x-should-retry': 'false' });
    expect(failed.headers['x-should-retry']).toBe('false');
    const badRequest = await chat({ 'x-should-retry': 'TRUE' }, { model: '' });
    expect([badRequest.statusCode, badRequest.headers['x-should-retry']]).toEqual([400, 'true']);
    const succeeded = await chat({ 'x-should-retry': 'false' });
    expect([succeeded.statusCode, succeeded.headers['x-should-retry']]).toEqual([200, undefined]);
    const unset = await chat({ 'x-error': '500' });
    expect(unset.headers['x-should-retry']).toBeUndefined();
  });

  it('is set for every error response by the config, which a request header overrides', async () => {
    const fresh = await buildTestApp({ faults: { shouldRetry: false } });
    expect((await chat({ 'x-error': '503' }, {}, fresh)).headers['x-should-retry']).toBe('false');
    const missing = await fresh.inject({ method: 'GET', url: '/v1/nothing' });
    expect([missing.statusCode, missing.headers['x-should-retry']]).toEqual([404, 'false']);
    expect(
      (await chat({ 'x-error': '503', 'x-should-retry': 'true' }, {}, fresh)).headers['x-should-retry'],
    ).toBe('true');
    await fresh.close();
  });
});

describe('invalid fault headers are a 400 naming the header', () => {
  it('for each header', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ 'x-error': '418' }, 'X-Error', "Invalid X-Error header: '418' is not an error to inject"],
      [{ 'x-error-rate': 'lots' }, 'X-Error-Rate', "Invalid X-Error-Rate header: 'lots' is not a share"],
      [
        { 'x-error-rate': '0.1', 'x-error-mode': 'often' },
        'X-Error-Mode',
        "Invalid X-Error-Mode header: 'often'",
      ],
      [
        { 'x-error-retry-after-ms': '-1' },
        'X-Error-Retry-After-Ms',
        "Invalid X-Error-Retry-After-Ms header: '-1'",
      ],
      [{ 'x-fault': 'explode' }, 'X-Fault', "Invalid X-Fault header: 'explode' has 'explode'"],
      [{ 'x-should-retry': 'maybe' }, 'X-Should-Retry', "Invalid X-Should-Retry header: 'maybe' is neither"],
    ];
    for (const [headers, param, start] of cases) {
      const response = await chat(headers);
      expect([response.statusCode, response.json().error.param, response.json().error.code]).toEqual([
        400,
        param,
        'invalid_fault_value',
      ]);
      expect(response.json().error.message.startsWith(start)).toBe(true);
    }
  });
});

describe('injected errors in streams', () => {
  it('are answered before the stream opens, so the body is the error, not events', async () => {
    const response = await chat({ 'x-error': '500' }, { stream: true });
    expect(() => sseData(response.body)).toThrow();
    expect(response.json().error.type).toBe('server_error');
  });
});
