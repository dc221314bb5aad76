import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';
import { buildTestApp } from './support/test-app.js';
import { createAgent, timedPost } from './support/timed-client.js';

const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] };
const LONG_STREAM = { 'x-ttft-ms': '0', 'x-itl-ms': '50', 'x-output-length': '1000' };

const servers: RunningServer[] = [];
const agent = createAgent();
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(limits: Record<string, number>): Promise<RunningServer> {
  const server = await startTestServer({ limits }, undefined, 50);
  servers.push(server);
  return server;
}

/**
 * Sends raw bytes on a fresh connection (`later` once `sendLater` resolves) and resolves with everything the
 * server sent until it closed.
 */
function rawExchange(
  port: number,
  bytes: string,
  later = '',
  sendLater = Promise.resolve(),
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => {
      received += text;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.on('connect', () => {
      socket.write(bytes, 'latin1');
      if (later !== '') void sendLater.then(() => socket.write(later, 'latin1'));
    });
  });
}

function chatRequest(body: unknown, headers: Record<string, string> = {}): string {
  const text = JSON.stringify(body);
  const headerLines = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return (
    'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n' +
    `${headerLines}content-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`
  );
}

describe('the concurrency limit', () => {
  it('answers a request over the limit with an OpenAI-shaped 503 and retry-after, and admits again once below', async () => {
    const server = await serve({ maxConcurrentStreams: 2, retryAfterMs: 1_500 });
    const aborts = [new AbortController(), new AbortController()];
    const open = aborts.map((abort) =>
      timedPost(
        agent,
        `${server.url}/v1/chat/completions`,
        { ...CHAT, stream: true },
        LONG_STREAM,
        abort.signal,
      ).catch((error: unknown) => error),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await timedPost(agent, `${server.url}/v1/chat/completions`, CHAT, { 'x-ttft-ms': '0' });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after-ms']).toBe('1500');
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.json).toEqual({
      error: {
        message:
          'The server is at its limit of 2 concurrent streams (limits.maxConcurrentStreams, --max-concurrent-streams). ' +
          'Retry after 1500 ms.',
        type: 'server_error',
        param: null,
        code: null,
      },
    });
    // Routes without a schedule are never refused.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const stats = (await (await fetch(`${server.url}/stats`)).json()) as { limits: unknown };
    expect(stats.limits).toEqual({ inFlight: 2, limit: 2, refused: 1 });
    for (const abort of aborts) abort.abort();
    await Promise.all(open);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const admitted = await timedPost(agent, `${server.url}/v1/chat/completions`, CHAT, { 'x-ttft-ms': '0' });
    expect(admitted.status).toBe(200);
  });

  it('uses the rate-limit shape when configured to answer 429', async () => {
    const server = await serve({ maxConcurrentStreams: 1, overloadStatus: 429 });
    const abort = new AbortController();
    const open = timedPost(
      agent,
      `${server.url}/v1/chat/completions`,
      { ...CHAT, stream: true },
      LONG_STREAM,
      abort.signal,
    ).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await timedPost(agent, `${server.url}/v1/completions`, { model: 'm', prompt: 'p' }, {});
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({
      error: { type: 'requests', code: 'rate_limit_exceeded', param: null },
    });
    expect(refused.headers['retry-after']).toBe('1');
    abort.abort();
    await open;
  });
});

describe('the stream duration limit', () => {
  it('refuses a schedule longer than the limit with a 400 naming the limit', async () => {
    const app = await buildTestApp({ limits: { maxStreamDurationMs: 1_000 } });
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        headers: { 'x-ttft-ms': '500', 'x-itl-ms': '10', 'x-output-length': '51' },
        payload: { ...CHAT, stream: true },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: {
          message:
            'The requested timing (X-TTFT-MS + X-OUTPUT-LENGTH × X-ITL-MS) lasts 1010 ms, above the limit of 1000 ms ' +
            '(limits.maxStreamDurationMs, --max-stream-duration-ms).',
          type: 'invalid_request_error',
          param: null,
          code: 'stream_duration_above_limit',
        },
      });
      const atLimit = await app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        headers: { 'x-ttft-ms': '0', 'x-itl-ms': '0', 'x-output-length': '5' },
        payload: CHAT,
      });
      expect(atLimit.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('the request timeout', () => {
  it('bounds how long a request may take to arrive (Node checks it every 30 s), 300 s unless configured', async () => {
    const configured = await serve({ requestTimeoutMs: 1_234 });
    expect(configured.app.server.requestTimeout).toBe(1_234);
    const defaults = await startTestServer();
    servers.push(defaults);
    expect(defaults.app.server.requestTimeout).toBe(300_000);
  });
});

describe('answers before any route', () => {
  it('answers a request that arrives while shutting down with an OpenAI-shaped 503 and closes the connection', async () => {
    const server = await startTestServer({}, undefined, 5_000);
    const first = chatRequest(
      { ...CHAT, stream: true },
      { 'x-ttft-ms': '0', 'x-itl-ms': '20', 'x-output-length': '10' },
    );
    // The second request arrives on the busy connection after shutdown began.
    let closed: Promise<void> = Promise.resolve();
    const shutdownBegun = new Promise<void>((resolve) =>
      setTimeout(() => {
        closed = server.close();
        const poll = setInterval(() => {
          if (!server.app.tokenpaceLimits.shuttingDown) return;
          clearInterval(poll);
          resolve();
        }, 2);
      }, 50),
    );
    const text = await rawExchange(
      server.port,
      first,
      chatRequest(CHAT, { 'x-ttft-ms': '0' }),
      shutdownBegun,
    );
    await closed;
    expect(text).toContain('data: [DONE]');
    const second = text.slice(text.indexOf('HTTP/1.1', 10));
    expect(second).toMatch(/^HTTP\/1\.1 503 /);
    expect(second.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4))).toMatchObject({
      error: { type: 'server_error', code: 'server_shutting_down', param: null },
    });
  });

  it('answers HTTP that cannot be parsed in OpenAI shape, 400 or 431, and closes', async () => {
    const server = await serve({});
    const garbage = await rawExchange(server.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4))).toEqual({
      error: {
        message: 'The request is not valid HTTP.',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    const huge = await rawExchange(
      server.port,
      `GET /health HTTP/1.1\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4))).toMatchObject({
      error: { type: 'invalid_request_error', param: null, code: null },
    });
  });
});
