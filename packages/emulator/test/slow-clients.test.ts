import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.js';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ limits: { headersTimeoutS: 0.5, bodyTimeoutS: 0.5 } });
});
afterAll(async () => {
  await server.close();
});

/** Opens a raw connection and resolves with everything the server sent once it closes it, and when. */
function rawConnection(): { socket: Socket; answer: Promise<{ text: string; closedAfterMs: number }> } {
  const socket = connect(server.port, '127.0.0.1');
  const startedMs = performance.now();
  let text = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  socket.on('error', () => {});
  const answer = new Promise<{ text: string; closedAfterMs: number }>((resolve) => {
    socket.on('close', () => resolve({ text, closedAfterMs: performance.now() - startedMs }));
  });
  return { socket, answer };
}

/** Writes `text` a byte at a time, every `everyMs`, until the socket closes. */
function trickle(socket: Socket, text: string, everyMs: number): void {
  let position = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || position >= text.length) {
      clearInterval(timer);
      return;
    }
    socket.write(text[position++] as string);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

describe('slow clients', () => {
  it('answers headers that trickle in (slowloris) with a 408 and closes, within the headers timeout', async () => {
    const { socket, answer } = rawConnection();
    trickle(socket, `GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(1_000)}\r\n\r\n`, 50);
    const { text, closedAfterMs } = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual({
      error: {
        message: 'The request was not received in time.',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    // 0.5 s, checked every 125 ms: generous for a busy machine, far from the minutes it took.
    expect(closedAfterMs).toBeGreaterThanOrEqual(450);
    expect(closedAfterMs).toBeLessThan(5_000);
  });

  it('answers a chunked body that never ends with a 408 and closes, within the body timeout', async () => {
    const { socket, answer } = rawConnection();
    socket.write(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Transfer-Encoding: chunked\r\nX-TTFT-MS: 0\r\n\r\n5\r\n{"mod\r\n',
    );
    const keepSending = setInterval(() => socket.write('1\r\n \r\n'), 50);
    const { text, closedAfterMs } = await answer;
    clearInterval(keepSending);
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(text.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual({
      error: {
        message: 'The request body was not received within 0.5 s (limits.bodyTimeoutS, --body-timeout-s).',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    expect(closedAfterMs).toBeGreaterThanOrEqual(450);
    expect(closedAfterMs).toBeLessThan(5_000);
  });

  it('still serves a client that sends its request at once', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
  });
});

describe('the slow-client settings', () => {
  it('take seconds from flags and variables, and refuse zero or a negative value naming the flag', () => {
    const config = loadConfig({
      env: { TOKENPACE_BODY_TIMEOUT_S: '2.5' },
      flags: { 'headers-timeout-s': '4', 'max-body-bytes-in-flight': '1048576' },
    });
    expect([
      config.limits.headersTimeoutS,
      config.limits.bodyTimeoutS,
      config.limits.maxBodyBytesInFlight,
    ]).toEqual([4, 2.5, 1_048_576]);
    expect(() => loadConfig({ flags: { 'headers-timeout-s': '0' } })).toThrow(/--headers-timeout-s/);
    expect(() => loadConfig({ env: { TOKENPACE_BODY_TIMEOUT_S: '-1' } })).toThrow(/TOKENPACE_BODY_TIMEOUT_S/);
  });
});
