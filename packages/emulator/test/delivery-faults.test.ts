import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';
import { ManualClock } from './support/manual-clock.js';
import { type ChatChunkLike, sseData } from './support/sse.js';
import { buildTestApp } from './support/test-app.js';

const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi.' }] };
const TIMING = { 'x-ttft-ms': '2', 'x-itl-ms': '1', 'x-output-length': '6' };
const SERVER_ERROR = {
  error: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    param: null,
    code: null,
  },
};

let app: FastifyInstance;
let server: RunningServer;
beforeAll(async () => {
  [app, server] = await Promise.all([buildTestApp(), startTestServer()]);
});
afterAll(async () => {
  await Promise.all([app.close(), server.close()]);
});

function chat(headers: Record<string, string>, payload: Record<string, unknown> = {}, target = app) {
  return target.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    payload: { ...CHAT, stream: true, ...payload },
    headers: { ...TIMING, ...headers },
  });
}

/** Content events of a chat stream (chunks whose delta has text). */
function contentCount(events: readonly unknown[]): number {
  return events.filter((event) => {
    const choices = (event as Partial<ChatChunkLike>).choices;
    return Array.isArray(choices) && (choices[0]?.delta.content ?? '') !== '';
  }).length;
}

/** Reads a stream over a real socket until it ends or breaks: the events that arrived, and how it ended. */
async function readStream(headers: Record<string, string>, payload: Record<string, unknown> = {}) {
  const response = await request(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TIMING, ...headers },
    body: JSON.stringify({ ...CHAT, stream: true, ...payload }),
  });
  let text = '';
  let broken: string | null = null;
  try {
    for await (const chunk of response.body) text += Buffer.from(chunk as Uint8Array).toString('utf8');
  } catch (error) {
    broken = (error as Error).message;
  }
  const complete = text.slice(0, text.lastIndexOf('\n\n') + 2);
  return { status: response.statusCode, headers: response.headers, events: sseData(complete), broken };
}

describe('mid-stream faults (X-Fault)', () => {
  it('error(after=N): N tokens, then one error event, then a proper end', async () => {
    for (const after of [0, 3, 6, 9]) {
      const response = await chat({ 'x-fault': `error(after=${after})` });
      const events = sseData(response.body);
      expect(response.statusCode).toBe(200);
      expect(contentCount(events)).toBe(Math.min(after, 6));
      expect(events.at(-1)).toEqual(SERVER_ERROR);
      expect(events.includes('[DONE]')).toBe(false);
      expect(response.headers['x-tokenpace-fault']).toBe(`error(after=${after},status=server_error)`);
    }
  });

  it('error events carry the kind asked for', async () => {
    const response = await chat({ 'x-fault': 'error(after=1,status=429)' });
    expect(sseData(response.body).at(-1)).toEqual({
      error: {
        message:
          'Rate limit reached for gpt-4o-mini in organization org-tokenpace on requests per min (RPM). Please try ' +
          'again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.',
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
  });

  it('no-done ends without [DONE]; no-usage leaves the usage chunk out though include_usage asked for it', async () => {
    const noDone = sseData((await chat({ 'x-fault': 'no-done' })).body);
    expect(noDone.includes('[DONE]')).toBe(false);
    expect(contentCount(noDone)).toBe(6);
    expect((noDone.at(-1) as ChatChunkLike).choices[0]?.finish_reason).toBe('stop');

    const withUsage = { stream_options: { include_usage: true } };
    const noUsage = sseData((await chat({ 'x-fault': 'no-usage' }, withUsage)).body);
    expect(noUsage.at(-1)).toBe('[DONE]');
    expect(noUsage.some((event) => event !== '[DONE]' && (event as ChatChunkLike).usage !== null)).toBe(
      false,
    );

    const both = sseData((await chat({ 'x-fault': 'no-usage, no-done' }, withUsage)).body);
    expect((both.at(-1) as ChatChunkLike).choices[0]?.finish_reason).toBe('stop');
    const untouched = sseData((await chat({}, withUsage)).body);
    expect((untouched.at(-2) as ChatChunkLike).usage).toMatchObject({ completion_tokens: 6 });
  });

  it('disconnect(after=N) cuts the connection after exactly N tokens, without an end', async () => {
    for (const after of [0, 2, 6]) {
      const outcome = await readStream({ 'x-fault': `disconnect(after=${after})` });
      expect(outcome.status).toBe(200);
      expect(outcome.broken).not.toBeNull();
      expect(contentCount(outcome.events)).toBe(after);
      expect(outcome.events.includes('[DONE]')).toBe(false);
      expect(outcome.headers['x-tokenpace-fault']).toBe(`disconnect(after=${after})`);
    }
    // The server goes on serving.
    const healthy = await readStream({});
    expect([healthy.broken, contentCount(healthy.events), healthy.events.at(-1)]).toEqual([
      null,
      6,
      '[DONE]',
    ]);
  });

  it('applies the first stop listed, and legacy completions too', async () => {
    const response = await chat({ 'x-fault': 'error(after=4), disconnect(after=2)' });
    expect(contentCount(sseData(response.body))).toBe(4);
    const legacy = await app.inject({
      method: 'POST',
      url: '/v1/completions',
      payload: { model: 'gpt-3.5-turbo-instruct', prompt: 'Hi', stream: true },
      headers: { ...TIMING, 'x-fault': 'error(after=2,status=503)' },
    });
    const events = sseData(legacy.body);
    expect(events).toHaveLength(3);
    expect((events[2] as { error: { type: string } }).error.type).toBe('server_error');
  });

  it('x-fault: none turns configured faults off; rates pick requests exactly', async () => {
    const faulty = await buildTestApp({ faults: { inject: 'error(after=1,rate=1/3)' } });
    const outcomes: number[] = [];
    for (let index = 0; index < 6; index++)
      outcomes.push(contentCount(sseData((await chat({}, {}, faulty)).body)));
    const off = contentCount(sseData((await chat({ 'x-fault': 'none' }, {}, faulty)).body));
    await faulty.close();
    expect(outcomes).toEqual([6, 6, 1, 6, 6, 1]);
    expect(off).toBe(6);
  });
});

describe('a stall on a manual clock', () => {
  it('moves the tokens after it, and only those, by exactly its delay', async () => {
    const clock = new ManualClock({ turnMs: 0.25 });
    const manual = await buildTestApp({}, { clock });
    await manual.ready();
    const startMs = clock.now();
    let done = false;
    const pending = manual
      .inject({
        method: 'POST',
        url: '/v1/chat/completions',
        payload: { ...CHAT, stream: true },
        headers: {
          'x-ttft-ms': '100',
          'x-itl-ms': '10',
          'x-output-length': '4',
          'x-fault': 'stall(after=2,ms=1000)',
        },
      })
      .then((response) => {
        done = true;
        return response;
      });
    const settle = async () => {
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    };
    await settle();
    // Tokens 0 and 1 at 100 and 110; tokens 2 and 3 at 1120 and 1130 instead of 120 and 130.
    clock.advanceTo(startMs + 1129.9);
    await settle();
    expect(done).toBe(false);
    clock.advanceTo(startMs + 1130.25);
    const response = await pending;
    expect(contentCount(sseData(response.body))).toBe(4);
    expect(manual.tokenpace.scheduler.lateness.summary().maxUs).toBeLessThanOrEqual(250);
    await manual.close();
  });
});

describe('faults of non-streamed responses', () => {
  it('error: the body is replaced by the error, with its status, when it is due', async () => {
    const response = await chat({ 'x-fault': 'error(after=3,status=503)' }, { stream: false });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.type).toBe('server_error');
    expect(response.headers).toMatchObject({
      'retry-after-ms': '1000',
      'x-tokenpace-fault': 'error(after=3,status=overloaded)',
    });
  });

  it('error: a body already due when planned (TTFT 0, ITL 0) is replaced too, and says whether to retry', async () => {
    const response = await chat(
      { 'x-ttft-ms': '0', 'x-itl-ms': '0', 'x-fault': 'error(status=429)', 'x-should-retry': 'false' },
      { stream: false },
    );
    expect(response.statusCode).toBe(429);
    expect(response.json().error.type).toBe('requests');
    expect(response.headers).toMatchObject({
      'x-should-retry': 'false',
      'x-tokenpace-fault': 'error(after=0,status=rate_limit_requests)',
    });
    const unfaulted = await chat(
      { 'x-ttft-ms': '0', 'x-itl-ms': '0', 'x-should-retry': 'false' },
      { stream: false },
    );
    expect(unfaulted.statusCode).toBe(200);
    expect(unfaulted.headers['x-should-retry']).toBeUndefined();
  });

  it('disconnect: the connection is cut instead of answering', async () => {
    await expect(
      request(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...TIMING, 'x-fault': 'disconnect' },
        body: JSON.stringify(CHAT),
      }),
    ).rejects.toThrow();
  });

  it('stall: the body comes that much later', async () => {
    const sentAt = performance.now();
    const response = await chat({ 'x-fault': 'stall(ms=150)' }, { stream: false });
    const elapsedMs = performance.now() - sentAt;
    expect(response.statusCode).toBe(200);
    // Due at 2 + 6·1 = 8 ms, plus 150: generous bounds for a busy machine.
    expect(elapsedMs).toBeGreaterThanOrEqual(150);
    expect(elapsedMs).toBeLessThan(2000);
    expect(response.json().usage.completion_tokens).toBe(6);
  });
});
