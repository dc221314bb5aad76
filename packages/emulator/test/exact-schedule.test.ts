import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './support/manual-clock.js';
import { sseData } from './support/sse.js';
import { buildTestApp } from './support/test-app.js';

// The whole app on a manual clock: deadlines are exact, whatever the machine is doing.

const TURN_MS = 0.25;
let clock: ManualClock;
let app: FastifyInstance;

beforeAll(async () => {
  clock = new ManualClock({ turnMs: TURN_MS });
  app = await buildTestApp({}, { clock });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

/** Lets the real event loop run the request up to the point where it waits on the manual clock. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
}

function track<T>(promise: Promise<T>): { done: () => boolean; promise: Promise<T> } {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  return { done: () => done, promise };
}

describe('deadlines on a manual clock', () => {
  it('sends a non-streamed body at exactly t0 + ttft + N·itl', async () => {
    const startMs = clock.now();
    const pending = track(
      app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        payload: { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] },
        headers: { 'x-ttft-ms': '100', 'x-itl-ms': '10', 'x-output-length': '5' },
      }),
    );
    await settle();
    expect(app.tokenpace.scheduler.stats().queuedJobs).toBe(1);
    clock.advanceTo(startMs + 149.9);
    await settle();
    expect(pending.done()).toBe(false);
    clock.advanceTo(startMs + 150 + TURN_MS);
    const response = await pending.promise;
    expect(response.statusCode).toBe(200);
    expect(response.headers['openai-processing-ms']).toBe('150');
    expect(app.tokenpace.scheduler.lateness.summary().maxUs).toBeLessThanOrEqual(TURN_MS * 1000);
  });

  it('ends a stream right after its last token, due at t0 + ttft + (N−1)·itl', async () => {
    const startMs = clock.now();
    const pending = track(
      app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        payload: { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true },
        headers: { 'x-ttft-ms': '100', 'x-itl-ms': '10', 'x-output-length': '3' },
      }),
    );
    await settle();
    clock.advanceTo(startMs + 119.9);
    await settle();
    expect(pending.done()).toBe(false);
    clock.advanceTo(startMs + 120 + TURN_MS);
    const response = await pending.promise;
    const events = sseData(response.body);
    expect(events).toHaveLength(1 + 3 + 1 + 1);
    expect(app.tokenpace.scheduler.lateness.summary().maxUs).toBeLessThanOrEqual(TURN_MS * 1000);
  });
});
