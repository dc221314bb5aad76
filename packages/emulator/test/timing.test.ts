import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';
import { contentArrivalsMs, createAgent, timedPost } from './support/timed-client.js';

// Timing sanity on a real socket, with generous bounds (targets belong to the benchmarks): never early, since
// the server's t0 comes after the client's send; and done within 50 ms of the configured schedule.

const SLACK_MS = 50;
const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Count.' }] };
let server: RunningServer;
const agent = createAgent();

beforeAll(async () => {
  // Timers only (no busy-wait window): the client shares this process, and spinning would take its CPU.
  server = await startTestServer({ precisionWindowMs: 0 });
  // Warm-up, as any benchmark does: the first request pays for JIT compilation and connection setup.
  await Promise.all(
    Array.from({ length: 20 }, () =>
      timedPost(agent, `${server.url}/v1/chat/completions`, { ...CHAT, stream: true }, { 'x-ttft-ms': '0' }),
    ),
  );
});
afterAll(async () => {
  await agent.close();
  await server.close();
});

describe('observed timing', () => {
  it('streams every token no earlier than ttft + i·itl, and ends within the slack', async () => {
    const [ttftMs, itlMs, tokens] = [40, 5, 12];
    const headers = {
      'x-ttft-ms': String(ttftMs),
      'x-itl-ms': String(itlMs),
      'x-output-length': String(tokens),
    };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        timedPost(agent, `${server.url}/v1/chat/completions`, { ...CHAT, stream: true }, headers),
      ),
    );
    for (const response of responses) {
      const arrivals = contentArrivalsMs(response.events);
      expect(arrivals).toHaveLength(tokens);
      arrivals.forEach((atMs, index) => {
        expect(atMs).toBeGreaterThanOrEqual(ttftMs + index * itlMs);
      });
      const lastDueMs = ttftMs + (tokens - 1) * itlMs;
      expect(arrivals.at(-1)).toBeLessThanOrEqual(lastDueMs + SLACK_MS);
      expect(response.endMs).toBeLessThanOrEqual(lastDueMs + SLACK_MS);
    }
  });

  it('sends the role chunk with the headers, long before the first token', async () => {
    const response = await timedPost(
      agent,
      `${server.url}/v1/chat/completions`,
      { ...CHAT, stream: true },
      { 'x-ttft-ms': '150', 'x-itl-ms': '1', 'x-output-length': '2' },
    );
    expect(response.events[0]?.atMs).toBeLessThan(100);
    expect(contentArrivalsMs(response.events)[0]).toBeGreaterThanOrEqual(150);
  });

  it('sends a non-streamed body at ttft + N·itl', async () => {
    for (const url of ['/v1/chat/completions', '/v1/completions']) {
      const body = url === '/v1/completions' ? { model: 'gpt-3.5-turbo-instruct', prompt: 'Count.' } : CHAT;
      const response = await timedPost(agent, `${server.url}${url}`, body, {
        'x-ttft-ms': '30',
        'x-itl-ms': '4',
        'x-output-length': '10',
      });
      expect(response.status).toBe(200);
      expect(response.endMs).toBeGreaterThanOrEqual(30 + 10 * 4);
      expect(response.endMs).toBeLessThanOrEqual(30 + 10 * 4 + SLACK_MS);
    }
  });

  it('counts N after max_tokens: a capped body comes earlier', async () => {
    const response = await timedPost(
      agent,
      `${server.url}/v1/chat/completions`,
      { ...CHAT, max_tokens: 2 },
      { 'x-ttft-ms': '20', 'x-itl-ms': '30', 'x-output-length': '50' },
    );
    expect(response.endMs).toBeGreaterThanOrEqual(20 + 2 * 30);
    expect(response.endMs).toBeLessThanOrEqual(20 + 2 * 30 + SLACK_MS);
  });

  it('samples distributions once per request and echoes the sampled values', async () => {
    const response = await timedPost(
      agent,
      `${server.url}/v1/chat/completions`,
      { ...CHAT, stream: true },
      { 'x-ttft-ms': 'uniform(min=20,max=60)', 'x-itl-ms': 'normal(mean=3,sd=1)', 'x-output-length': '5' },
    );
    const ttftMs = Number(response.headers['x-tokenpace-ttft-ms']);
    const itlMs = Number(response.headers['x-tokenpace-itl-ms']);
    expect(ttftMs).toBeGreaterThanOrEqual(20);
    expect(ttftMs).toBeLessThanOrEqual(60);
    expect(itlMs).toBeGreaterThanOrEqual(0);
    const arrivals = contentArrivalsMs(response.events);
    arrivals.forEach((atMs, index) => {
      expect(atMs).toBeGreaterThanOrEqual(ttftMs + index * itlMs);
    });
    expect(response.endMs).toBeLessThanOrEqual(ttftMs + 4 * itlMs + SLACK_MS);
  });
});
