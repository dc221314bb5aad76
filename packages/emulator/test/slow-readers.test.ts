import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';
import { waitFor } from './support/wait-for.js';

const logLines: Record<string, unknown>[] = [];
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer(
    { logLevel: 'info', limits: { maxBlockedMs: 300 } },
    { write: (line) => logLines.push(JSON.parse(line)) },
  );
});
afterAll(async () => {
  await server.close();
});

interface Stats {
  streams: { activeStreams: number; pausedStreams: number; bufferedBytes: number; stalledStreams: number };
}

async function stats(): Promise<Stats> {
  return (await (await fetch(`${server.url}/stats`)).json()) as Stats;
}

/** A client that sends a stream request for `tokens` tokens, all due at once, and never reads. */
async function nonReadingClient(tokens: number): Promise<Socket> {
  const body = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'x' }],
    stream: true,
  });
  const socket = connect(server.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.pause();
  socket.write(
    'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n' +
      `x-ttft-ms: 0\r\nx-itl-ms: 0\r\nx-output-length: ${tokens}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  return socket;
}

describe('a client that stops reading', () => {
  it('costs the server a bounded buffer, not the whole stream, and is cut once blocked past the limit', async () => {
    // 120,000 tokens due at once: about 24 MB of events, far more than the kernel's socket buffers take.
    const socket = await nonReadingClient(120_000);
    socket.on('error', () => {});
    await waitFor(async () => (await stats()).streams.pausedStreams === 1);
    const paused = await stats();
    expect(paused.streams).toMatchObject({ activeStreams: 1, pausedStreams: 1 });
    // What the process holds for it: one write batch and the socket's high-water mark at most.
    expect(paused.streams.bufferedBytes).toBeGreaterThan(0);
    expect(paused.streams.bufferedBytes).toBeLessThan(256 * 1024);
    // Cut once blocked past the limit (the client, not reading, cannot see it); the log says how long it waited.
    await waitFor(async () => (await stats()).streams.stalledStreams === 1);
    const after = await stats();
    socket.destroy();
    expect(after.streams).toMatchObject({
      activeStreams: 0,
      pausedStreams: 0,
      bufferedBytes: 0,
      stalledStreams: 1,
    });
    const logged = logLines.find((line) => line.msg === 'request' && line.url === '/v1/chat/completions');
    expect(logged).toMatchObject({ status: 200, stream: true, aborted: true, streamEnd: 'stalled' });
    expect(logged?.blockedMs as number).toBeGreaterThanOrEqual(300);
  });
});
