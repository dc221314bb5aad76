import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';
import { createAgent, timedPost } from './support/timed-client.js';
import { waitFor } from './support/wait-for.js';

let server: RunningServer;
const logLines: Record<string, unknown>[] = [];
const agent = createAgent();

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'info' }, { write: (line) => logLines.push(JSON.parse(line)) });
});
afterAll(async () => {
  await agent.close();
  await server.close();
});

const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Go on.' }] };

async function queuedJobs(): Promise<number> {
  const stats = (await (await fetch(`${server.url}/stats`)).json()) as { scheduler: { queuedJobs: number } };
  return stats.scheduler.queuedJobs;
}

function requestLines(url: string): Record<string, unknown>[] {
  return logLines.filter((line) => line.msg === 'request' && line.url === url);
}

describe('client disconnects', () => {
  it('cancels a stream at once, and logs it as aborted', async () => {
    const abort = new AbortController();
    const pending = timedPost(
      agent,
      `${server.url}/v1/chat/completions`,
      { ...CHAT, stream: true },
      { 'x-ttft-ms': '10', 'x-itl-ms': '20', 'x-output-length': '200' },
      abort.signal,
    ).catch((error: unknown) => error);
    // On the schedule, with its headers and role chunk sent: the client leaves mid-stream.
    await waitFor(async () => (await queuedJobs()) === 1);
    abort.abort();
    expect(await pending).toBeInstanceOf(Error);
    await waitFor(async () => (await queuedJobs()) === 0);
    await waitFor(() => requestLines('/v1/chat/completions').length === 1);
    expect(requestLines('/v1/chat/completions')[0]).toMatchObject({
      method: 'POST',
      status: 200,
      stream: true,
      model: 'gpt-4o-mini',
      completionTokens: 200,
      aborted: true,
    });
  });

  it('cancels the deadline of a non-streamed response when the client goes away', async () => {
    const abort = new AbortController();
    const pending = timedPost(
      agent,
      `${server.url}/v1/completions`,
      { model: 'm', prompt: 'p' },
      {
        'x-ttft-ms': '5000',
      },
      abort.signal,
    ).catch((error: unknown) => error);
    await waitFor(async () => (await queuedJobs()) === 1);
    abort.abort();
    await pending;
    await waitFor(async () => (await queuedJobs()) === 0);
    await waitFor(() => requestLines('/v1/completions').length === 1);
    expect(requestLines('/v1/completions')[0]).toMatchObject({ stream: false, aborted: true });
  });
});

describe('request logs', () => {
  it('logs one line per request with its outcome, none per token, and never the API key', async () => {
    const before = logLines.length;
    const response = await timedPost(
      agent,
      `${server.url}/v1/embeddings`,
      { model: 'text-embedding-3-small', input: 'x' },
      { authorization: 'Bearer sk-secret-value', 'x-ttft-ms': '1' },
    );
    expect(response.status).toBe(200);
    await timedPost(
      agent,
      `${server.url}/v1/chat/completions`,
      { ...CHAT, stream: true },
      { authorization: 'Bearer sk-secret-value', 'x-ttft-ms': '1', 'x-itl-ms': '0', 'x-output-length': '50' },
    );
    // A line per token would come before the stream's own line, which is written when it closes.
    await waitFor(() => logLines.slice(before).some((line) => line.url === '/v1/chat/completions'));
    const added = logLines.slice(before);
    expect(added).toHaveLength(2);
    expect(added[0]).toMatchObject({
      msg: 'request',
      method: 'POST',
      url: '/v1/embeddings',
      status: 200,
      model: 'text-embedding-3-small',
      aborted: false,
      error: null,
    });
    expect(added[0]?.reqId).toBe(response.headers['x-request-id']);
    expect(typeof added[0]?.durationMs).toBe('number');
    expect(added[1]).toMatchObject({ url: '/v1/chat/completions', stream: true, completionTokens: 50 });
    expect(typeof added[1]?.maxLatenessUs).toBe('number');
    expect(JSON.stringify(logLines)).not.toContain('sk-secret-value');
  });

  it('logs the stable reason of an error', async () => {
    const before = logLines.length;
    await timedPost(agent, `${server.url}/v1/chat/completions`, CHAT, { 'x-ttft-ms': 'later' });
    await waitFor(() => logLines.length > before);
    expect(logLines.at(-1)).toMatchObject({ status: 400, error: 'invalid_timing_value' });
  });
});
