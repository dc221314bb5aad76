import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic, {
  APIConnectionError,
  APIError,
  AuthenticationError,
  InternalServerError,
} from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';

// Anthropic's own edges, through its SDK and raw HTTP, against listening servers.

const KEY = 'sk-ant-edges-key-0123456789';
const groundTruthFile = join(mkdtempSync(join(tmpdir(), 'tokenpace-anthropic-')), 'truth.jsonl');
let server: RunningServer;
let limited: RunningServer;

const TIMING = { 'x-output-length': '5', 'x-ttft-ms': '5', 'x-itl-ms': '1' };
const params = {
  model: 'claude-haiku-4-5',
  max_tokens: 100,
  messages: [{ role: 'user' as const, content: 'Hello there.' }],
};

/** Every attempt the SDK makes: its retry count, and the status and retry headers it got. */
interface Attempt {
  retryCount: string | null;
  status: number;
  retryAfterMs: string | null;
}

function sdk(url: string, options: ConstructorParameters<typeof Anthropic>[0] = {}): Anthropic {
  return new Anthropic({ baseURL: url, apiKey: KEY, maxRetries: 0, defaultHeaders: TIMING, ...options });
}

function recordingFetch(attempts: Attempt[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const headers = new Headers(init?.headers);
    attempts.push({
      retryCount: headers.get('x-stainless-retry-count'),
      status: response.status,
      retryAfterMs: response.headers.get('retry-after-ms'),
    });
    return response;
  };
}

/** An Anthropic error body's `error`. */
async function errorOf(response: Response): Promise<{ type: string; message: string }> {
  return ((await response.json()) as { error: { type: string; message: string } }).error;
}

function post(url: string, body: unknown, headers: Record<string, string>) {
  return fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  [server, limited] = await Promise.all([
    startTestServer({ auth: { keys: [KEY] } }),
    startTestServer({ rateLimits: { requestsPerMinute: 2, tokensPerMinute: 0, scope: 'key' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([server.close(), limited.close()]);
});

describe('authentication and version', () => {
  it('takes x-api-key or a Bearer token, and answers 401 in its shape otherwise', async () => {
    const viaKey = await sdk(server.url).messages.create(params);
    expect(viaKey.usage.output_tokens).toBe(5);
    const viaBearer = await sdk(server.url, { apiKey: null, authToken: KEY }).messages.create(params);
    expect(viaBearer.usage.output_tokens).toBe(5);

    const wrong = await sdk(server.url, { apiKey: 'sk-ant-wrong' })
      .messages.create(params)
      .catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(AuthenticationError);
    expect((wrong as AuthenticationError).error).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
      request_id: (wrong as AuthenticationError).requestID,
    });
    const missing = await post(server.url, params, { 'anthropic-version': '2023-06-01' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('request-id')).toMatch(/^req_/);
    expect(await errorOf(missing)).toEqual({
      type: 'authentication_error',
      message: 'x-api-key header is required',
    });
  });

  it('requires anthropic-version', async () => {
    const missing = await post(server.url, params, { 'x-api-key': KEY });
    expect(missing.status).toBe(400);
    const body = await missing.json();
    expect(body).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
      request_id: missing.headers.get('request-id'),
    });
    const malformed = await post(server.url, params, { 'x-api-key': KEY, 'anthropic-version': 'v1' });
    expect((await errorOf(malformed)).message).toBe('anthropic-version: "v1" is not a valid version');
  });

  it('reports schema violations as the API words them', async () => {
    const headers = { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' };
    const cases: [unknown, string][] = [
      [{ ...params, max_tokens: 'many' }, 'max_tokens: Input should be a valid integer'],
      [{ ...params, max_tokens: -1 }, 'max_tokens: Input should be greater than or equal to 0'],
      [{ ...params, messages: 'hi' }, 'messages: Input should be a valid list'],
      [
        { ...params, messages: [{ role: 'system', content: 'x' }] },
        "messages.0.role: Input should be 'user' or 'assistant'",
      ],
      [{ max_tokens: 5, messages: [] }, 'model: Field required'],
      [{ ...params, messages: [] }, 'messages: List should have at least 1 item'],
    ];
    for (const [body, message] of cases) {
      const response = await post(server.url, body, headers);
      expect([response.status, await errorOf(response)]).toEqual([
        400,
        { type: 'invalid_request_error', message },
      ]);
    }
  });
});

describe('errors the SDK retries', () => {
  it('retries a 529 overloaded_error (X-Error: 529) twice, honouring retry-after-ms', async () => {
    const attempts: Attempt[] = [];
    const client = sdk(server.url, {
      maxRetries: 2,
      fetch: recordingFetch(attempts),
      defaultHeaders: { ...TIMING, 'x-error': '529', 'x-error-retry-after-ms': '20' },
    });
    const error = await client.messages.create(params).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(529);
    expect((error as InternalServerError).error).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    expect(attempts).toEqual([
      { retryCount: '0', status: 529, retryAfterMs: '20' },
      { retryCount: '1', status: 529, retryAfterMs: '20' },
      { retryCount: '2', status: 529, retryAfterMs: '20' },
    ]);
  });

  it('fails a message that is exactly [529]', async () => {
    const error = await sdk(server.url)
      .messages.create({ ...params, messages: [{ role: 'user', content: '[529]' }] })
      .catch((caught: unknown) => caught);
    expect((error as APIError).status).toBe(529);
  });

  it('answers the real limiter with 429 rate_limit_error, retry-after and anthropic-ratelimit-* headers', async () => {
    const client = sdk(limited.url, { apiKey: 'sk-ant-limited' });
    const first = await client.messages.create(params).withResponse();
    expect(first.response.headers.get('anthropic-ratelimit-requests-limit')).toBe('2');
    expect(first.response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('1');
    expect(first.response.headers.get('x-ratelimit-limit-requests')).toBeNull();
    await client.messages.create(params);
    const refused = await post(limited.url, params, {
      'x-api-key': 'sk-ant-limited',
      'anthropic-version': '2023-06-01',
      ...TIMING,
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(await errorOf(refused)).toEqual({
      type: 'rate_limit_error',
      message:
        'This request would exceed your rate limit of 2 requests per minute. See the response headers for ' +
        'current usage, and retry after the time in retry-after.',
    });
  });
});

describe('stream faults', () => {
  it('ends a stream with an error event in its shape, which the SDK throws and does not retry', async () => {
    const attempts: Attempt[] = [];
    const client = sdk(server.url, {
      maxRetries: 2,
      fetch: recordingFetch(attempts),
      defaultHeaders: { ...TIMING, 'x-fault': 'error(after=2,status=529)' },
    });
    const stream = client.messages.stream(params);
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).error).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    expect(texts).toHaveLength(2);
    expect(attempts).toHaveLength(1);
  });

  it("answers a non-streamed message with the fault's error in its shape when it is due", async () => {
    const client = sdk(server.url, { defaultHeaders: { ...TIMING, 'x-fault': 'error(after=2,status=529)' } });
    const error = await client.messages.create(params).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect([(error as APIError).status, (error as APIError).error]).toEqual([
      529,
      {
        type: 'error',
        error: { type: 'overloaded_error', message: 'Overloaded' },
        request_id: (error as APIError).requestID,
      },
    ]);
  });

  it('cuts the connection after k tokens (disconnect)', async () => {
    const client = sdk(server.url, { defaultHeaders: { ...TIMING, 'x-fault': 'disconnect(after=3)' } });
    const stream = client.messages.stream(params);
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error instanceof APIConnectionError || String(error).length > 0).toBe(true);
    expect(texts).toHaveLength(3);
  });

  it('leaves out message_stop for no-done, so finalMessage() rejects', async () => {
    const client = sdk(server.url, { defaultHeaders: { ...TIMING, 'x-fault': 'no-done' } });
    const events: string[] = [];
    const stream = client.messages.stream(params);
    stream.on('streamEvent', (event) => events.push(event.type));
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(events.at(-1)).toBe('message_delta');
  });

  it('ends open streams with an error event when the server shuts down', async () => {
    const closing = await startTestServer({}, undefined, 20);
    const client = sdk(closing.url, {
      defaultHeaders: { 'x-output-length': '5', 'x-ttft-ms': '0', 'x-itl-ms': '10000' },
    });
    const stream = client.messages.stream(params);
    let closed: Promise<void> | null = null;
    stream.on('text', () => {
      closed ??= closing.close();
    });
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    await closed;
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).error).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });

  it('holds tokens back for a stall, then finishes', async () => {
    const client = sdk(server.url, { defaultHeaders: { ...TIMING, 'x-fault': 'stall(after=2,ms=80)' } });
    const startedMs = performance.now();
    const stream = client.messages.stream(params);
    const arrivals: number[] = [];
    stream.on('text', () => arrivals.push(performance.now()));
    const message = await stream.finalMessage();
    expect(message.usage.output_tokens).toBe(5);
    expect(arrivals).toHaveLength(5);
    // A lower bound only, which load cannot break: token 2 is due 5 + 2 + 80 ms after the server got the request.
    expect((arrivals[2] as number) - startedMs).toBeGreaterThanOrEqual(87);
  });
});

describe('observability', () => {
  it('records Messages requests in the ground truth and the metrics', async () => {
    const recorded = await startTestServer({ groundTruth: { file: groundTruthFile } });
    await sdk(recorded.url).messages.create({ ...params, max_tokens: 3 });
    const metrics = await (await fetch(`${recorded.url}/metrics`)).text();
    expect(metrics).toMatch(/route="\/v1\/messages"/);
    // The log is flushed when the server closes.
    await recorded.close();
    const records = readFileSync(groundTruthFile, 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            route: string;
            status: number;
            tokens: { completion: number };
            finishedReason: string | null;
          },
      );
    const unary = records.find((record) => record.route === '/v1/messages' && record.tokens.completion === 3);
    // max_tokens (3) cut the 5-token answer: the ground truth says `length`, as for chat.
    expect(unary).toMatchObject({
      status: 200,
      model: 'claude-haiku-4-5',
      tokens: { completion: 3 },
      finishedReason: 'length',
    });
  });
});
