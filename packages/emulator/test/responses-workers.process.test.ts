import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliProcess, killCli, spawnCli } from './support/cli-process.js';

// With several workers, a stored response is found whichever worker a later request lands on: the worker that
// misses asks the others through the primary.

let cli: CliProcess | null = null;
afterAll(() => {
  if (cli !== null) killCli(cli);
});

/** One request on a connection of its own, so that node:cluster hands successive requests to both workers. */
async function call(url: string, method: 'GET' | 'POST' | 'DELETE', body?: unknown) {
  const response = await request(url, {
    method,
    headers: {
      connection: 'close',
      'x-ttft-ms': '0',
      'x-itl-ms': '0',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
}

describe('stored responses with two workers', () => {
  it('are retrieved, continued and deleted from any worker', { timeout: 60_000 }, async () => {
    cli = spawnCli(['--workers', '2', '--log-level', 'info']);
    const url = await cli.url;
    const created = await call(`${url}/v1/responses`, 'POST', { model: 'gpt-4o', input: 'Hi' });
    expect(created.status).toBe(200);
    const id = created.json.id as string;
    const retrievals = [];
    for (let index = 0; index < 6; index++) retrievals.push(await call(`${url}/v1/responses/${id}`, 'GET'));
    expect(retrievals.map((retrieval) => [retrieval.status, retrieval.json.id])).toEqual(
      Array.from({ length: 6 }, () => [200, id]),
    );
    const continued = [];
    for (let index = 0; index < 4; index++) {
      continued.push(
        await call(`${url}/v1/responses`, 'POST', {
          model: 'gpt-4o',
          input: 'More',
          previous_response_id: id,
        }),
      );
    }
    expect(continued.map((next) => next.status)).toEqual([200, 200, 200, 200]);
    await cli.stdoutUntil(() => (cli?.logLines().filter((line) => line.msg === 'request').length ?? 0) >= 11);
    const servedBy = new Set(
      cli
        .logLines()
        .filter((line) => line.msg === 'request')
        .map((line) => line.pid),
    );
    expect(servedBy.size).toBe(2);
    expect((await call(`${url}/v1/responses/${id}`, 'DELETE')).json).toEqual({
      id,
      object: 'response',
      deleted: true,
    });
    expect((await call(`${url}/v1/responses/${id}`, 'GET')).status).toBe(404);
    expect((await call(`${url}/v1/responses/${id}`, 'DELETE')).status).toBe(404);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });
});
