import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliProcess, killCli, spawnCli } from './support/cli-process.js';

// With several workers, exact ratios and rate limits still count the requests of the whole server: the primary
// holds the counters, every worker asks it.

let cli: CliProcess | null = null;
afterAll(() => {
  if (cli !== null) killCli(cli);
});

describe('a multi-process server', () => {
  it('admits exactly its rate limit and fails exactly its share, whichever worker serves', {
    timeout: 60_000,
  }, async () => {
    cli = spawnCli(['--workers', '2', '--rpm', '12', '--log-level', 'info']);
    const url = await cli.url;
    // Many connections at once: node:cluster hands them to both workers.
    const agent = new Agent({ connections: 32, pipelining: 1 });
    const send = async () => {
      const response = await request(`${url}/v1/chat/completions`, {
        method: 'POST',
        dispatcher: agent,
        headers: {
          'content-type': 'application/json',
          'x-ttft-ms': '20',
          'x-itl-ms': '0',
          'x-output-length': '2',
          'x-error': '503',
          'x-error-rate': '1/4',
        },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      });
      await response.body.text();
      return response.statusCode;
    };
    const statuses = await Promise.all(Array.from({ length: 20 }, send));
    await agent.close();
    const count = (status: number) => statuses.filter((value) => value === status).length;
    // 12 admitted by the one limit (a quarter of them failed by the one counter), 8 refused.
    expect({ ok: count(200), failed: count(503), limited: count(429) }).toEqual({
      ok: 9,
      failed: 3,
      limited: 8,
    });
    await cli?.stdoutUntil(
      () => (cli?.logLines().filter((line) => line.msg === 'request').length ?? 0) >= 20,
    );
    const servedBy = new Set(
      cli
        .logLines()
        .filter((line) => line.msg === 'request')
        .map((line) => line.pid),
    );
    expect(servedBy.size).toBe(2);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });
});
