import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';
import { waitFor } from './support/wait-for.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ limits: { maxConcurrentStreams: 0 } });
});
afterAll(async () => {
  await server.close();
});

const CLIENTS = 2_000;
const CONCURRENCY = 500;

interface Stats {
  scheduler: { queuedJobs: number };
  streams: { activeStreams: number; waitingResponses: number; pausedStreams: number; bufferedBytes: number };
  limits: { inFlight: number };
}

async function stats(): Promise<Stats> {
  return (await (await fetch(`${server.url}/stats`)).json()) as Stats;
}

/** Active handles by type, e.g. `{ TCPSocketWrap: 3, Timeout: 1 }`. */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

function request(stream: boolean, outputLength: number): string {
  const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], stream });
  return (
    'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n' +
    `x-ttft-ms: 2\r\nx-itl-ms: 20\r\nx-output-length: ${outputLength}\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

interface AbortPlan {
  stream: boolean;
  /** Leave this long after sending (0: at once, before any answer): before the first token, or mid-wait. */
  abortAfterMs: number;
  /** Or, for a stream, once this much of it has arrived: mid-stream. */
  abortAfterBytes: number;
  /** Half-close before leaving, as some clients do. */
  halfClose: boolean;
}

/** One client that goes away at a point of its plan; every stream is far longer than the plan lets it read. */
function abortingClient(port: number, plan: AbortPlan) {
  return new Promise<void>((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let received = 0;
    let timer: NodeJS.Timeout | undefined;
    const leave = (): void => {
      clearTimeout(timer);
      if (plan.halfClose) socket.end();
      socket.destroy();
      resolve();
    };
    socket.on('error', leave);
    socket.on('close', leave);
    socket.on('connect', () => {
      socket.write(request(plan.stream, 1_000));
      if (plan.abortAfterMs === 0) leave();
      else timer = setTimeout(leave, plan.abortAfterMs);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (plan.stream && received >= plan.abortAfterBytes) leave();
    });
  });
}

describe('client aborts', () => {
  it(`leaves no timer, socket, stream or slot behind after ${CLIENTS} clients leave at random points`, async () => {
    await stats();
    const baseline = activeResources();
    // 1,000 tokens at 20 ms: streams of 20 s, bodies due after 20 s. Whatever the server still holds after the
    // clients left, it holds because it missed their leaving.
    const plans = fc.sample(
      fc.record({
        stream: fc.boolean(),
        abortAfterMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 })),
        abortAfterBytes: fc.integer({ min: 1, max: 4_000 }),
        halfClose: fc.boolean(),
      }),
      { numRuns: CLIENTS, seed: 20_261_122 },
    );
    for (let start = 0; start < plans.length; start += CONCURRENCY) {
      await Promise.all(
        plans.slice(start, start + CONCURRENCY).map((plan) => abortingClient(server.port, plan)),
      );
    }
    // Everything the server held for those clients must be released within moments, long before the 20 s
    // their streams would have run.
    let current = await stats();
    await waitFor(async () => {
      current = await stats();
      return (
        current.streams.activeStreams === 0 &&
        current.scheduler.queuedJobs === 0 &&
        current.limits.inFlight === 0
      );
    });
    expect(current.scheduler.queuedJobs).toBe(0);
    expect(current.streams).toMatchObject({
      activeStreams: 0,
      waitingResponses: 0,
      pausedStreams: 0,
      bufferedBytes: 0,
    });
    expect(current.limits.inFlight).toBe(0);
    // The stats requests' own sockets are kept alive by fetch for a while; server-side, nothing remains. Handles
    // close asynchronously, so wait for the counts to come back before judging them.
    server.app.server.closeIdleConnections();
    let settled = activeResources();
    const isSettled = (counts: Record<string, number>): boolean =>
      (counts.Timeout ?? 0) <= (baseline.Timeout ?? 0) &&
      (counts.Immediate ?? 0) <= (baseline.Immediate ?? 0) &&
      (counts.TCPSocketWrap ?? 0) <= (baseline.TCPSocketWrap ?? 0) + 1;
    await waitFor(() => {
      settled = activeResources();
      return isSettled(settled);
    });
    expect(settled.Timeout ?? 0).toBeLessThanOrEqual(baseline.Timeout ?? 0);
    expect(settled.Immediate ?? 0).toBeLessThanOrEqual(baseline.Immediate ?? 0);
    expect(settled.TCPSocketWrap ?? 0).toBeLessThanOrEqual((baseline.TCPSocketWrap ?? 0) + 1);
    expect(settled.TCPServerWrap).toBe(baseline.TCPServerWrap);
  }, 60_000); // 2,000 clients and waits without a clock bound of their own: on a loaded machine, slower.
});
