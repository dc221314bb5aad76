import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/report/run-cli.js';
import { startDelayProxy } from './delay-proxy.js';
import { temporaryDirectory } from './helpers.js';

// The attribution end to end, with real parts: the emulator's CLI writing its ground truth, the k6 binary with
// the extension running the gateway scenario, and a proxy in between that holds every event exactly 5 ms.
// The report must find those 5 ms on the first token and the end, and nothing on the gaps between tokens.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const K6 = join(ROOT, '.tools', 'bin', 'k6');
const EMULATOR_CLI = join(ROOT, 'packages', 'emulator', 'dist', 'cli.js');
const DELAY_MS = 5;

const directory = temporaryDirectory();
const groundTruth = join(directory, 'ground-truth.jsonl');
let emulator: ChildProcess;
let proxy: Server;
let emulatorUrl: string;
let proxyUrl: string;

function startEmulator(): Promise<string> {
  emulator = spawn(
    process.execPath,
    [EMULATOR_CLI, '--port', '0', '--workers', '1', '--ground-truth-log', groundTruth],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    emulator.once('exit', (code) => reject(new Error(`the emulator exited with ${code} before listening`)));
    emulator.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1].replace(/\/$/, ''));
    });
  });
}

function stopEmulator(): Promise<void> {
  if (emulator.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    emulator.removeAllListeners('exit');
    emulator.once('exit', () => resolve());
    emulator.kill('SIGTERM');
  });
}

function runK6(baseUrl: string, runId: string): Promise<string> {
  const output = join(directory, `${runId}.ndjson`);
  const k6 = spawn(
    K6,
    [
      'run',
      '--quiet',
      '--address',
      '',
      '--out',
      `json=${output}`,
      ...['BASE_URL', baseUrl, 'RUN_ID', runId, 'RATES', '10', 'STEP_DURATION', '3s'].flatMap(
        (value, index, all) => (index % 2 === 0 ? ['-e', `${value}=${all[index + 1]}`] : []),
      ),
      ...['TTFT_MS=20', 'ITL_MS=10', 'OUTPUT_TOKENS=6', 'WARMUP_ROUNDS=1'].flatMap((setting) => [
        '-e',
        setting,
      ]),
      join(ROOT, 'scenarios', 'gateway.ts'),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, K6_NO_USAGE_REPORT: 'true' } },
  );
  return new Promise((resolve, reject) => {
    k6.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`k6 exited with ${code}`))));
  });
}

describe('attribution through a proxy that adds 5 ms per event', () => {
  let comparison: {
    scenarios: {
      runs: { label: string; requests: number; errors: number }[];
      versusBaseline: { pathAdded: Record<'ttft' | 'itl' | 'e2e', { p50: number; count: number }> }[];
    }[];
  };
  let proxyRun: string;
  let directRun: string;

  beforeAll(async () => {
    for (const [file, what] of [
      [K6, 'the k6 binary (node scripts/setup.mjs builds it)'],
      [EMULATOR_CLI, 'the emulator CLI (build @tokenpace/emulator)'],
    ] as const) {
      if (!existsSync(file)) throw new Error(`missing ${what}: ${file}`);
    }
    emulatorUrl = await startEmulator();
    ({ url: proxyUrl, server: proxy } = await startDelayProxy(new URL(emulatorUrl), DELAY_MS));
    directRun = await runK6(emulatorUrl, 'direct');
    proxyRun = await runK6(proxyUrl, 'proxied');
    await new Promise((resolve) => proxy.close(resolve));
    // The ground truth is complete once the emulator has closed.
    await stopEmulator();
    const code = await runCli(
      [
        '--compare',
        directRun,
        proxyRun,
        '--labels',
        'direct,proxy',
        '--ground-truth',
        groundTruth,
        '--out-dir',
        join(directory, 'report'),
      ],
      { stdout: () => {}, stderr: () => {} },
    );
    expect(code).toBe(0);
    comparison = JSON.parse(readFileSync(join(directory, 'report', 'compare.json'), 'utf8'));
  }, 90_000);

  afterAll(async () => {
    proxy?.close();
    if (emulator !== undefined) await stopEmulator();
  });

  it('matches every request of both runs, without errors', () => {
    const [scenario] = comparison.scenarios;
    // 10 requests a second for 3 s: about 30 (k6 may start one more at the step's end, or one fewer).
    const requests = scenario?.runs[1]?.requests ?? 0;
    expect(requests).toBeGreaterThanOrEqual(29);
    expect(requests).toBeLessThanOrEqual(31);
    // On failure, the message shows the errored samples of both runs, with what k6 recorded of them.
    const erroredSamples = [directRun, proxyRun]
      .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
      .filter((line) => line.includes('"metric":"tokenpace_stream_errors"') && line.includes('"value":1'));
    expect(
      scenario?.runs.map(({ label, errors }) => ({ label, errors })),
      erroredSamples.join('\n'),
    ).toEqual([
      { label: 'direct', errors: 0 },
      { label: 'proxy', errors: 0 },
    ]);
    expect(scenario?.versusBaseline[0]?.pathAdded.ttft.count).toBe(requests);
    // Every gap the client measured is joined with the ground truth: six tokens a stream make five gaps, fewer
    // for a stream that k6 stopped at the step's end.
    const measuredGaps = readFileSync(proxyRun, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"metric":"tokenpace_itl"') && line.includes('"type":"Point"')).length;
    expect(measuredGaps).toBeGreaterThanOrEqual((requests - 1) * 5);
    expect(scenario?.versusBaseline[0]?.pathAdded.itl.count).toBe(measuredGaps);
  });

  it('attributes the 5 ms to the first token and the end, and nothing to the gaps', () => {
    const added = comparison.scenarios[0]?.versusBaseline[0]?.pathAdded;
    // The injected delay, plus the proxy's own work; less at most a loaded direct run's slower path (the
    // proxied run's own path never holds less than the 5 ms: the last test checks that exactly).
    expect(added?.ttft.p50).toBeGreaterThanOrEqual(DELAY_MS - 1);
    expect(added?.ttft.p50).toBeLessThan(DELAY_MS + 8);
    expect(added?.e2e.p50).toBeGreaterThanOrEqual(DELAY_MS - 1);
    expect(added?.e2e.p50).toBeLessThan(DELAY_MS + 8);
    expect(Math.abs(added?.itl.p50 ?? Number.NaN)).toBeLessThan(1);
  });

  it('joins the proxied run alone with the ground truth as well', async () => {
    let stdout = '';
    const code = await runCli(
      [proxyRun, '--ground-truth', groundTruth, '--out-dir', join(directory, 'alone')],
      {
        stdout: (text) => {
          stdout += text;
        },
        stderr: () => {},
      },
    );
    expect(code).toBe(0);
    // 30 keyed requests of this run; the direct run's 30 are in the same log, only on the server's side.
    expect(stdout).toMatch(
      /attribution: (29|30|31) requests joined with the ground truth; 0 only at the client, (29|30|31) only in the log/,
    );
    const attribution = JSON.parse(readFileSync(join(directory, 'alone', 'attribution.json'), 'utf8'));
    // Every proxied first token was held 5 ms after the emulator's write, on top of a path that takes some time.
    // The emulator dates a send by reading its clock just after the write returns, so a send whose process was
    // descheduled between the two is dated late and its path looks shorter, by as much as the machine's load
    // makes that delay: no bound holds for every request, so the median is held to it. (The end is not held to
    // this: its send time is when Node reported it finished.)
    const path = attribution.scenarios[0].measures.ttft.path;
    expect(path.p50).toBeGreaterThanOrEqual(DELAY_MS);
    expect(path.max).toBeGreaterThanOrEqual(DELAY_MS);
  });
});
