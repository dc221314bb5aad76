import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonLinesAppender } from '../src/ground-truth/json-lines-appender.js';
import { ManualClock } from './support/manual-clock.js';
import { buildTestApp } from './support/test-app.js';

// The ground-truth log of a known set of requests on a manual clock, where every time is exact.

const EPOCH_MS = 1_700_000_000_000;
let directory: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'tokenpace-ground-truth-'));
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
}

function readLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('ground-truth log', () => {
  let records: Record<string, unknown>[];
  let requestIds: string[];

  beforeAll(async () => {
    const file = join(directory, 'requests.jsonl');
    const clock = new ManualClock({ startMs: 1000, epochMs: EPOCH_MS });
    const app: FastifyInstance = await buildTestApp(
      { precisionWindowMs: 0, groundTruth: { file } },
      { clock },
    );
    await app.ready();
    const send = async (headers: Record<string, string>, body: Record<string, unknown>, untilMs: number) => {
      const startMs = clock.now();
      const pending = app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        payload: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], ...body },
        headers,
      });
      await settle();
      clock.advanceTo(startMs + untilMs);
      const response = await pending;
      await settle();
      return response;
    };
    const stream = await send(
      {
        'x-ttft-ms': 'tail(40,every=1,value=step(30,90,at=1h))',
        'x-itl-ms': '5',
        'x-output-length': '4',
        'x-client-request-id': 'k6-vu3-iter17',
      },
      // The key in the prompt wins over the header's: a gateway may drop or rewrite headers, never the prompt.
      { stream: true, messages: [{ role: 'user', content: 'Hi [tokenpace-key:run7-42]' }] },
      45,
    );
    const unary = await send(
      { 'x-ttft-ms': '20', 'x-itl-ms': '10', 'x-output-length': '3', 'x-client-request-id': 'run7-43' },
      {},
      50,
    );
    const invalid = await send({ 'x-itl-ms': '-1' }, {}, 0);
    requestIds = [stream, unary, invalid].map((response) => String(response.headers['x-request-id']));
    await app.close();
    records = readLines(file);
  });

  it('writes one line per request, in the order they closed', () => {
    expect(records.map((record) => record.requestId)).toEqual(requestIds);
  });

  it('records a stream: configured timing and program, planned schedule, what was sent and when', () => {
    expect(records[0]).toStrictEqual({
      requestId: requestIds[0],
      clientRequestId: 'k6-vu3-iter17',
      requestKey: 'run7-42',
      worker: 0,
      arrivalEpochMs: EPOCH_MS + 1000,
      arrivedAt: new Date(EPOCH_MS + 1000).toISOString(),
      method: 'POST',
      route: '/v1/chat/completions',
      model: 'gpt-4o',
      mode: 'stream',
      status: 200,
      configured: {
        ttft: '30',
        itl: '5',
        ttftProgram: 'tail(40,every=1,value=step(30,90,at=1h))',
        ttftMs: 30,
        itlMs: 5,
        outputLength: 4,
      },
      schedule: { steps: 4, firstDueMs: 30, lastDueMs: 45 },
      deadlineBaseMs: 0,
      // Each content token's send time: 30 ms after arrival, then 5 ms apart.
      sent: { steps: 4, firstMs: 30, lastMs: 45, endMs: 45, tokensUs: [30_000, 5000, 5000, 5000] },
      maxLatenessUs: 0,
      blockedMs: 0,
      tokens: { prompt: expect.any(Number), completion: 4, sent: 4 },
      finishedReason: 'stop',
      streamEnd: 'completed',
      fault: null,
      clientAborted: false,
    });
  });

  it('records a non-streamed response with the due time of its body', () => {
    expect(records[1]).toMatchObject({
      requestId: requestIds[1],
      clientRequestId: 'run7-43',
      requestKey: 'run7-43',
      arrivalEpochMs: EPOCH_MS + 1045,
      mode: 'unary',
      status: 200,
      configured: { ttft: '20', itl: '10', ttftMs: 20, itlMs: 10, outputLength: 3 },
      schedule: { bodyDueMs: 50 },
      deadlineBaseMs: null,
      sent: { steps: null, firstMs: null, lastMs: null, endMs: 50, tokensUs: null },
      maxLatenessUs: 0,
      tokens: { completion: 3, sent: 3 },
      finishedReason: 'stop',
      clientAborted: false,
    });
    expect(records[1]).not.toHaveProperty('configured.ttftProgram');
  });

  it('records a refused request without timing', () => {
    expect(records[2]).toMatchObject({
      requestId: requestIds[2],
      status: 400,
      requestKey: null,
      configured: null,
      schedule: null,
      tokens: { prompt: null, completion: null, sent: 0 },
      finishedReason: null,
      clientAborted: false,
    });
  });
});

describe('JsonLinesAppender', () => {
  it('appends whole lines to what the file holds, and flushes on close', async () => {
    const file = join(directory, 'append.jsonl');
    writeFileSync(file, '{"before":true}\n');
    const appender = await JsonLinesAppender.open(file, { flushIntervalMs: 60_000 });
    for (let index = 0; index < 3000; index++) appender.append({ index, padding: 'x'.repeat(40) });
    await appender.close();
    const lines = readLines(file);
    expect(lines).toHaveLength(3001);
    expect(lines[0]).toEqual({ before: true });
    expect(lines.slice(1).map((line) => line.index)).toEqual(
      Array.from({ length: 3000 }, (_, index) => index),
    );
    expect(appender.dropped).toBe(0);
  });

  it('drops and counts lines beyond its buffer, and after close', async () => {
    const file = join(directory, 'bounded.jsonl');
    const appender = await JsonLinesAppender.open(file, { flushIntervalMs: 60_000, maxBufferedChars: 10 });
    appender.append({ first: 1 });
    appender.append({ second: 2 });
    await appender.close();
    appender.append({ third: 3 });
    expect(readLines(file)).toEqual([{ first: 1 }]);
    expect(appender.dropped).toBe(2);
  });

  it('refuses a path it cannot open', async () => {
    await expect(JsonLinesAppender.open(join(directory, 'missing', 'x.jsonl'))).rejects.toThrow(/ENOENT/);
  });
});
