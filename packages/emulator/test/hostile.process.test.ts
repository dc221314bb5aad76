import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, killCli, spawnCli } from './support/cli-process.js';

const running: CliProcess[] = [];
afterEach(() => {
  for (const cli of running.splice(0)) killCli(cli);
});

const MIB = 1024 * 1024;

/** Milliseconds `/health` took to answer. */
async function healthMs(url: string): Promise<number> {
  const startedMs = performance.now();
  const response = await fetch(`${url}/health`);
  await response.arrayBuffer();
  expect(response.status).toBe(200);
  return performance.now() - startedMs;
}

/**
 * Sends a `bytes`-long body of `{"x":[[[…` (never closed) on its own connection, a MiB at a time, and resolves
 * with what the server answered once it closes the connection.
 */
function nestedBody(url: URL, bytes: number): Promise<string> {
  return new Promise((resolve) => {
    let left = bytes - 5;
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    socket.setEncoding('utf8').on('data', (text: string) => {
      answer += text;
      // Stop sending once answered: bytes still arriving at a closed socket make the kernel reset it.
      left = 0;
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${bytes}\r\nX-TTFT-MS: 120000\r\n\r\n{"x":`,
    );
    const chunk = Buffer.alloc(MIB, '[');
    const writeMore = (): void => {
      while (left > 0 && !socket.destroyed) {
        const piece = left >= MIB ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!socket.write(piece)) {
          socket.once('drain', writeMore);
          return;
        }
      }
    };
    writeMore();
  });
}

/** A streamed chat request with a `promptBytes` prompt, resolving once its headers arrive; the stream stays open. */
function heldStream(url: string, promptBytes: number): Promise<void> {
  const body = JSON.stringify({
    model: 'gpt-4o-mini',
    stream: true,
    messages: [{ role: 'user', content: 'a'.repeat(promptBytes) }],
  });
  return new Promise((resolve, reject) => {
    const held = httpRequest(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-ttft-ms': '120000',
        'x-itl-ms': '0',
        'x-output-length': '1',
      },
    });
    held.on('response', (response) => {
      expect(response.statusCode).toBe(200);
      resolve();
    });
    held.on('error', reject);
    held.end(body);
  });
}

describe('a real process under hostile bodies', () => {
  it('stays alive and answers /health while six 32 MB bodies of nested brackets arrive', async () => {
    const cli = spawnCli(['--workers', '1']);
    running.push(cli);
    const url = await cli.url;
    let done = false;
    const attacks = Promise.all(
      Array.from({ length: 6 }, () => nestedBody(new URL(url), 32 * MIB - 1)),
    ).finally(() => {
      done = true;
    });
    const latenciesMs: number[] = [];
    while (!done) latenciesMs.push(await healthMs(url));
    // Each connection is answered 400 and closed; a reset (the answer lost to the bytes the client had in
    // flight when the server closed) is the one other outcome, and no connection is left waiting.
    const answers = await attacks;
    for (const answer of answers) {
      if (answer !== '')
        expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*nested deeper than 128 levels/);
    }
    expect(answers.filter((answer) => answer !== '').length).toBeGreaterThan(0);
    expect(latenciesMs.length).toBeGreaterThan(0);
    // The 50 ms target is a benchmark's (bench/hostile.mjs); here, generous for a shared machine.
    expect(Math.max(...latenciesMs)).toBeLessThan(2_000);
    expect(cli.child.exitCode).toBeNull();
    await healthMs(url);
  }, 60_000);

  it('holds kilobytes, not its body, for a request waiting for its first token', async () => {
    // 96 MB of heap: six 24 MB prompts held while they wait would not fit, and the process would die.
    const cli = spawnCli(['--workers', '1', '--prompt-tokens', 'estimate'], {
      NODE_OPTIONS: '--max-old-space-size=96',
    });
    running.push(cli);
    const url = await cli.url;
    for (let index = 0; index < 6; index++) await heldStream(url, 24 * MIB);
    const stats = (await (await fetch(`${url}/stats`)).json()) as {
      streams: { activeStreams: number };
      processes: { heapUsedBytes: number }[];
    };
    expect(stats.streams.activeStreams).toBe(6);
    expect(cli.child.exitCode).toBeNull();
    expect(stats.processes[0]?.heapUsedBytes).toBeLessThan(96 * MIB);
  }, 60_000);
});
