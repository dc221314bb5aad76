import { describe, expect, it } from 'vitest';
import { startTestServer } from './support/listening-server.js';
import { admittedPost, createAgent, timedPost } from './support/timed-client.js';
import { waitFor } from './support/wait-for.js';

const STREAM = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], stream: true };
const TWENTY_TOKENS_OVER_400_MS = { 'x-ttft-ms': '10', 'x-itl-ms': '20', 'x-output-length': '20' };

describe('graceful shutdown', () => {
  it('lets a running stream finish, closes its kept-alive connection then, and refuses new connections', async () => {
    const server = await startTestServer();
    const agent = createAgent();
    try {
      const sentAt = performance.now();
      const pending = admittedPost(
        agent,
        `${server.url}/v1/chat/completions`,
        STREAM,
        TWENTY_TOKENS_OVER_400_MS,
      );
      await pending.admitted;
      const closed = server.close().then(() => performance.now());
      const response = await pending.response;
      expect(response.events.at(-1)?.data).toBe('[DONE]');
      // The close waited for the stream: its last token was due 10 + 19 × 20 ms after an arrival after sentAt.
      expect((await closed) - sentAt).toBeGreaterThanOrEqual(390);
      await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    } finally {
      await agent.close();
    }
  });

  it('ends streams that outlast the grace period with an error event, and waiting bodies with a 503', async () => {
    const server = await startTestServer({}, undefined, 100);
    const agent = createAgent();
    try {
      const slow = { ...TWENTY_TOKENS_OVER_400_MS, 'x-itl-ms': '500' };
      const stream = timedPost(agent, `${server.url}/v1/chat/completions`, STREAM, slow);
      const unary = timedPost(agent, `${server.url}/v1/chat/completions`, { ...STREAM, stream: false }, slow);
      // Both admitted: one stream open, one body waiting for its deadline.
      await waitFor(async () => {
        const stats = (await (await fetch(`${server.url}/stats`)).json()) as {
          streams: { activeStreams: number; waitingResponses: number };
        };
        return stats.streams.activeStreams === 1 && stats.streams.waitingResponses === 1;
      });
      await server.close();
      const streamed = await stream;
      expect(streamed.status).toBe(200);
      expect(streamed.events.at(-1)?.data).toEqual({
        error: {
          message:
            'The server is shutting down. Retry the request; another instance or a restart will serve it.',
          type: 'server_error',
          param: null,
          code: 'server_shutting_down',
        },
      });
      expect(streamed.events.some((event) => event.data === '[DONE]')).toBe(false);
      const answered = await unary;
      expect(answered.status).toBe(503);
      expect(answered.json).toMatchObject({ error: { code: 'server_shutting_down' } });
    } finally {
      await agent.close();
    }
  });
});
