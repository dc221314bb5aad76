import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, killCli, spawnCli } from './support/cli-process.js';
import { type AdmittedPost, admittedPost, createAgent } from './support/timed-client.js';

const STREAM = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], stream: true };
const SHUTTING_DOWN_EVENT = {
  error: {
    message: 'The server is shutting down. Retry the request; another instance or a restart will serve it.',
    type: 'server_error',
    param: null,
    code: 'server_shutting_down',
  },
};

const running: CliProcess[] = [];
const agent = createAgent();
afterEach(() => {
  for (const cli of running.splice(0)) killCli(cli);
});

function start(args: string[]): CliProcess {
  const cli = spawnCli(['--log-level', 'info', ...args]);
  running.push(cli);
  return cli;
}

function stream(url: string, timing: Record<string, string>): AdmittedPost {
  return admittedPost(agent, `${url}/v1/chat/completions`, STREAM, timing);
}

/** Pids of the workers that logged listening at `url`. */
function listeningPids(cli: CliProcess, url: string): number[] {
  return cli
    .logLines()
    .filter((line) => line.msg === `Server listening at ${url}`)
    .map((line) => line.pid as number);
}

describe('a real process on SIGTERM', () => {
  it('lets streams finish within the grace period, ends the rest with an error event, and exits 0', async () => {
    const cli = start(['--workers', '1', '--shutdown-grace-ms', '800']);
    const url = await cli.url;
    const short = stream(url, { 'x-ttft-ms': '0', 'x-itl-ms': '20', 'x-output-length': '20' });
    const long = stream(url, { 'x-ttft-ms': '0', 'x-itl-ms': '50', 'x-output-length': '1000' });
    // Signalled before both are admitted, a request would meet a closed server instead of the grace period.
    await Promise.all([short.admitted, long.admitted]);
    cli.child.kill('SIGTERM');
    expect((await short.response).events.at(-1)?.data).toBe('[DONE]');
    const interrupted = await long.response;
    expect(interrupted.events.at(-1)?.data).toEqual(SHUTTING_DOWN_EVENT);
    expect(interrupted.events.some((event) => event.data === '[DONE]')).toBe(false);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    const ends = cli
      .logLines()
      .filter((line) => line.msg === 'request')
      .map((line) => line.streamEnd)
      .sort();
    expect(ends).toEqual(['completed', 'interrupted']);
  });

  it('exits at once, with 1, on a second signal', async () => {
    const impatient = start(['--workers', '1', '--shutdown-grace-ms', '60000']);
    const impatientUrl = await impatient.url;
    const held = stream(impatientUrl, { 'x-ttft-ms': '0', 'x-itl-ms': '50', 'x-output-length': '1000' });
    const heldOutcome = held.response.catch((error: unknown) => error);
    await held.admitted;
    impatient.child.kill('SIGTERM');
    await impatient.stdoutUntil((stdout) => stdout.includes('shutting down'));
    const signalledAt = performance.now();
    impatient.child.kill('SIGTERM');
    expect(await impatient.exited).toEqual({ code: 1, signal: null });
    expect(performance.now() - signalledAt).toBeLessThan(2_000);
    expect(await heldOutcome).toBeInstanceOf(Error);
  });
});

describe('a multi-process server', () => {
  it('shares one ephemeral port between its workers, merges /stats, and shuts down every worker on SIGTERM', async () => {
    const cli = start(['--workers', '2', '--shutdown-grace-ms', '200']);
    const url = await cli.url;
    const port = Number(new URL(url).port);
    // Each worker logs its own listening line; they reach the pipe in any order around the banner.
    await cli.stdoutUntil(() => listeningPids(cli, url).length === 2);
    expect(port).toBeGreaterThan(0);
    // Enough connections that node:cluster's round robin gives each worker some.
    const streams = Array.from(
      { length: 6 },
      () => stream(url, { 'x-ttft-ms': '0', 'x-itl-ms': '50', 'x-output-length': '1000' }).response,
    );
    const deadline = performance.now() + 5_000;
    let stats: { workers: number; workersMissing: number; streams: { activeStreams: number } };
    do {
      stats = (await (await fetch(`${url}/stats`)).json()) as typeof stats;
      if (performance.now() > deadline) throw new Error(`streams never all open: ${JSON.stringify(stats)}`);
    } while (stats.streams.activeStreams !== 6);
    // Whichever worker answers, /stats covers both.
    expect(stats).toMatchObject({ workers: 2, workersMissing: 0 });
    cli.child.kill('SIGTERM');
    for (const response of await Promise.all(streams)) {
      expect(response.events.at(-1)?.data).toEqual(SHUTTING_DOWN_EVENT);
    }
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    const exits = cli.logLines().filter((line) => line.msg === 'worker exited');
    expect(exits.map((line) => line.worker).sort()).toEqual([0, 1]);
    const requestPids = new Set(
      cli
        .logLines()
        .filter((line) => line.msg === 'request' && line.url === '/v1/chat/completions')
        .map((line) => line.pid),
    );
    expect(requestPids.size).toBe(2);
  });

  it('reports an invalid configuration once, with exit code 2, and leaves no worker behind', async () => {
    const cli = spawnCli(['--workers', '2', '--ttft', 'soon', '--log-level', 'info']);
    running.push(cli);
    expect(await cli.exited).toEqual({ code: 2, signal: null });
    expect(cli.stderr().match(/Invalid configuration:/g)).toHaveLength(1);
    expect(cli.stderr()).toContain("Invalid timing.ttft (--ttft): 'soon' is not a number of milliseconds");
    expect(cli.stdout()).not.toContain('started workers');
  });

  it('restarts a worker that dies, counts it in /stats and /metrics, and keeps serving meanwhile', async () => {
    const cli = start(['--workers', '2']);
    const url = await cli.url;
    await cli.stdoutUntil(() => listeningPids(cli, url).length === 2);
    const workerPids = listeningPids(cli, url);
    process.kill(workerPids[0] as number, 'SIGKILL');
    await cli.stdoutUntil(() =>
      cli.logLines().some((line) => line.msg === 'worker died; starting a new one in its place'),
    );
    expect((await fetch(`${url}/health`)).status).toBe(200);
    await cli.stdoutUntil(() => listeningPids(cli, url).length === 3);
    const death = cli.logLines().find((line) => line.msg === 'worker died; starting a new one in its place');
    expect(death).toMatchObject({ worker: expect.any(Number), signal: 'SIGKILL', deaths: 1 });
    const stats = (await (await fetch(`${url}/stats`)).json()) as { workers: number; workerDeaths: number };
    expect(stats).toMatchObject({ workers: 2, workerDeaths: 1 });
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('\ntokenpace_worker_deaths_total 1\n');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });
});
