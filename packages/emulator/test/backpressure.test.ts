import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';
import { waitFor } from './support/wait-for.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const TOKENS = 40_000;

interface Stats {
  scheduler: { queuedJobs: number };
  lateness: { count: number };
  streams: { activeStreams: number; pausedStreams: number; pauses: number; blockedMs: number };
}

async function stats(): Promise<Stats> {
  return (await (await fetch(`${server.url}/stats`)).json()) as Stats;
}

describe('backpressure on a real socket', () => {
  it('pauses a stream whose client does not read, and delivers every token once it reads again', async () => {
    const body = JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const stepsBefore = (await stats()).lateness.count;
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.pause();
    socket.write(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\nconnection: close\r\n' +
        `x-ttft-ms: 0\r\nx-itl-ms: 0\r\nx-output-length: ${TOKENS}\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    // Every token is due at once; about 10 MB cannot fit in the socket buffers, so the stream must wait.
    // A paused stream is off the schedule and has written only part of its steps.
    await waitFor(async () => (await stats()).streams.pausedStreams === 1);
    const pausedSeenAt = performance.now();
    const paused = await stats();
    expect(paused.scheduler.queuedJobs).toBe(0);
    expect(paused.lateness.count - stepsBefore).toBeLessThan(TOKENS / 2);
    expect(paused.streams).toMatchObject({ activeStreams: 1, pausedStreams: 1 });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    let resumedAt = 0;
    await new Promise<void>((resolve, reject) => {
      socket.on('end', resolve);
      socket.on('error', reject);
      resumedAt = performance.now();
      socket.resume();
    });
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.match(/"delta":\{"content":"[^"]/g)?.length).toBe(TOKENS);
    expect(text.includes('data: [DONE]\n\n')).toBe(true);
    // Tokens the client held back count as blocked time, not as the scheduler's lateness.
    const after = await stats();
    expect(after.lateness.count - stepsBefore).toBeLessThan(TOKENS);
    expect(after.streams.activeStreams).toBe(0);
    expect(after.streams.pauses).toBeGreaterThanOrEqual(1);
    // The stream was blocked at least from when the test saw it paused until the client read again.
    expect(after.streams.blockedMs).toBeGreaterThan(0);
    expect(after.streams.blockedMs).toBeGreaterThanOrEqual(Math.floor(resumedAt - pausedSeenAt));
  });
});
