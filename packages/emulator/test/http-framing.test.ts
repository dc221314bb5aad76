import { connect } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';
import { sseData } from './support/sse.js';
import { timedPost } from './support/timed-client.js';

// Streams write ready-framed chunks straight to the socket; these check the framing on the wire.

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const STREAM_BODY = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
  stream_options: { include_usage: true },
};

/** Sends raw HTTP on a fresh socket and returns everything the server sends until it closes. */
function rawExchange(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

function rawRequest(version: string, connection: string): string {
  const body = JSON.stringify(STREAM_BODY);
  return (
    `POST /v1/chat/completions HTTP/${version}\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
    `x-output-length: 3\r\nconnection: ${connection}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** Decodes an HTTP/1.1 chunked body, checking every chunk's declared size against its bytes. */
function dechunk(body: string): string {
  const bytes = Buffer.from(body, 'utf8');
  let offset = 0;
  let decoded = '';
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', offset);
    const size = Number.parseInt(bytes.subarray(offset, lineEnd).toString('latin1'), 16);
    if (size === 0) {
      expect(bytes.subarray(lineEnd).toString('latin1')).toBe('\r\n\r\n');
      return decoded;
    }
    decoded += bytes.subarray(lineEnd + 2, lineEnd + 2 + size).toString('utf8');
    expect(bytes.subarray(lineEnd + 2 + size, lineEnd + 4 + size).toString('latin1')).toBe('\r\n');
    offset = lineEnd + 4 + size;
  }
}

describe('stream framing on the wire', () => {
  it('sends well-formed chunks and the terminating chunk over HTTP/1.1', async () => {
    const raw = await rawExchange(rawRequest('1.1', 'close'));
    const [head, body = ''] = raw.split(/\r\n\r\n(.*)/s);
    expect(head).toContain('HTTP/1.1 200 OK');
    expect(head?.toLowerCase()).toContain('transfer-encoding: chunked');
    // The client asked to close: the stream must not hold the connection open after [DONE].
    expect(head?.toLowerCase()).toContain('connection: close');
    const events = sseData(dechunk(body));
    expect(events).toHaveLength(1 + 3 + 1 + 1 + 1);
    expect(events.at(-1)).toBe('[DONE]');
  });

  it('falls back to an unframed body, ended by closing the connection, for HTTP/1.0', async () => {
    const raw = await rawExchange(rawRequest('1.0', 'close'));
    const [head, body = ''] = raw.split(/\r\n\r\n(.*)/s);
    expect(head?.toLowerCase()).not.toContain('transfer-encoding');
    expect(sseData(body).at(-1)).toBe('[DONE]');
  });

  it('keeps the connection alive: consecutive streams and bodies share one socket', async () => {
    const agent = new Agent({ connections: 1 });
    let connects = 0;
    agent.on('connect', () => {
      connects += 1;
    });
    try {
      for (let round = 0; round < 3; round++) {
        const stream = await timedPost(agent, `${server.url}/v1/chat/completions`, STREAM_BODY, {
          'x-output-length': '4',
        });
        expect(stream.events.at(-1)?.data).toBe('[DONE]');
        expect(stream.headers.connection).toBe('keep-alive');
        const unary = await timedPost(agent, `${server.url}/v1/chat/completions`, {
          ...STREAM_BODY,
          stream: false,
        });
        expect(unary.status).toBe(200);
      }
      expect(connects).toBe(1);
    } finally {
      await agent.close();
    }
  });
});
