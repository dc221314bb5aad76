import OpenAI, { APIError, AuthenticationError, InternalServerError, RateLimitError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';
import { waitFor } from './support/wait-for.js';

// The official SDK's reaction to the emulator's errors and faults, with every request counted server-side.

const KEY = 'sk-sdk-test-0123456789';
const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Say hello.' }];

let server: RunningServer;
let noRetryServer: RunningServer;
const requestLines: string[] = [];

/** Requests the servers have logged so far: one line per request, written when its response closes. */
function servedRequests(): number {
  return requestLines.filter((line) => line.includes('"msg":"request"')).length;
}

async function countRequests(action: () => Promise<unknown>): Promise<{ requests: number; error: unknown }> {
  const before = servedRequests();
  const healthBefore = requestLines.filter((line) => line.includes('"url":"/health"')).length;
  let error: unknown = null;
  try {
    await action();
  } catch (caught) {
    error = caught;
  }
  // A line is written when its response closes, just after the client has read it; a probe of /health sent to
  // both servers now is logged after every request the action made.
  const probes = requestLines.length;
  await Promise.all([server, noRetryServer].map((target) => fetch(`${target.url}/health`)));
  await waitFor(
    () => requestLines.slice(probes).filter((line) => line.includes('"url":"/health"')).length === 2,
  );
  const health = requestLines.filter((line) => line.includes('"url":"/health"')).length;
  return { requests: servedRequests() - before - health + healthBefore, error };
}

beforeAll(async () => {
  const log = { write: (line: string) => requestLines.push(line) };
  [server, noRetryServer] = await Promise.all([
    startTestServer({ logLevel: 'info', auth: { keys: [KEY] } }, log),
    startTestServer({ logLevel: 'info', faults: { shouldRetry: false } }, log),
  ]);
});
afterAll(async () => {
  await Promise.all([server.close(), noRetryServer.close()]);
});

function client(
  url: string,
  options: { maxRetries?: number; headers?: Record<string, string>; apiKey?: string } = {},
): OpenAI {
  return new OpenAI({
    baseURL: `${url}/v1`,
    apiKey: options.apiKey ?? KEY,
    maxRetries: options.maxRetries ?? 0,
    defaultHeaders: { 'x-output-length': '4', 'x-ttft-ms': '1', 'x-itl-ms': '0', ...options.headers },
  });
}

describe('the openai SDK against injected errors', () => {
  it('raises RateLimitError with the API fields for a 429', async () => {
    const { requests, error } = await countRequests(() =>
      client(server.url, { headers: { 'x-error': '429' } }).chat.completions.create({
        model: 'gpt-4o-mini',
        messages,
      }),
    );
    expect(requests).toBe(1);
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimit = error as RateLimitError;
    expect([rateLimit.status, rateLimit.type, rateLimit.code, rateLimit.param]).toEqual([
      429,
      'requests',
      'rate_limit_exceeded',
      null,
    ]);
    expect(rateLimit.headers?.get('retry-after-ms')).toBe('1000');
  });

  it('retries as often as allowed, honouring retry-after-ms', async () => {
    const sdk = client(server.url, {
      maxRetries: 2,
      headers: { 'x-error': '429', 'x-error-retry-after-ms': '20' },
    });
    const startedAt = performance.now();
    const { requests, error } = await countRequests(() =>
      sdk.chat.completions.create({ model: 'gpt-4o-mini', messages }),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(requests).toBe(3);
    // Two waits of 20 ms, not the SDK's own backoff of half a second and more.
    expect(performance.now() - startedAt).toBeLessThan(1000);
  });

  it('succeeds on a retry when only a share of requests fails', async () => {
    const sdk = client(server.url, {
      maxRetries: 2,
      headers: { 'x-error': '503', 'x-error-rate': '1/2', 'x-error-retry-after-ms': '10' },
    });
    // With the exact ratio, the 1st request of this share passes and the 2nd fails: align on it first.
    await sdk.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const { requests, error } = await countRequests(() =>
      sdk.chat.completions.create({ model: 'gpt-4o-mini', messages }),
    );
    expect(error).toBeNull();
    expect(requests).toBe(2);
  });

  it('does not retry when the request says x-should-retry: false', async () => {
    const { requests, error } = await countRequests(() =>
      client(server.url, {
        maxRetries: 2,
        headers: { 'x-error': '503', 'x-error-retry-after-ms': '10', 'x-should-retry': 'false' },
      }).chat.completions.create({ model: 'gpt-4o-mini', messages }),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(503);
    expect(requests).toBe(1);
  });

  it('does not retry when the config says so for every error', async () => {
    const { requests, error } = await countRequests(() =>
      client(noRetryServer.url, { maxRetries: 2, headers: { 'x-error': '429' } }).chat.completions.create({
        model: 'gpt-4o-mini',
        messages,
      }),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(requests).toBe(1);
  });

  it('raises AuthenticationError for a wrong key, and never retries it', async () => {
    const { requests, error } = await countRequests(() =>
      client(server.url, { maxRetries: 2, apiKey: 'sk-wrong' }).chat.completions.create({
        model: 'gpt-4o-mini',
        messages,
      }),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('invalid_api_key');
    expect(requests).toBe(1);
  });

  it('raises an APIError while iterating a stream that ends in an error event', async () => {
    const stream = await client(server.url, {
      headers: { 'x-fault': 'error(after=2,status=500)' },
    }).chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const contents: string[] = [];
    let failure: unknown = null;
    try {
      for await (const chunk of stream) contents.push(chunk.choices[0]?.delta.content ?? '');
    } catch (error) {
      failure = error;
    }
    expect(contents.filter((content) => content !== '')).toHaveLength(2);
    expect(failure).toBeInstanceOf(APIError);
    expect((failure as APIError).message).toContain('The server had an error while processing your request.');
  });
});
