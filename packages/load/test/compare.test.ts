import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC } from '@tokenpace/core/protocol';
import { describe, expect, it } from 'vitest';
import { mockCeilingGuard } from '../src/report/compare/guard.js';
import { runCli } from '../src/report/run-cli.js';
import { temporaryDirectory } from './helpers.js';

// Two runs of the same load compared on hand-made samples below 2 ms, where HDR percentiles are exact.

const directory = temporaryDirectory();

function point(metric: string, value: number, scenario: string): string {
  return JSON.stringify({
    metric,
    type: 'Point',
    data: { time: '2023-11-14T22:13:20Z', value, tags: { scenario, cfg_ttft_ms: '1', mode: 'stream' } },
  });
}

function run(file: string, ttftMs: number[], errors: number[], scenario = 'gateway_r10'): string {
  const path = join(directory, file);
  const lines = [
    ...ttftMs.flatMap((ttft) => [
      point(METRIC.ttft, ttft, scenario),
      point(METRIC.itl, ttft / 10, scenario),
      point(METRIC.e2e, ttft / 2 + 0.5, scenario),
    ]),
    ...errors.map((error) => point(METRIC.streamErrors, error, scenario)),
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: () => {},
  });
  return { code, stdout };
}

describe('report --compare', () => {
  const direct = run('direct.ndjson', [1.1, 1.2, 1.3], [0, 0, 0]);
  const gateway = run('gateway.ndjson', [1.4, 1.6, 1.9], [0, 0, 0, 1]);
  const outDir = join(directory, 'out');

  it('prints each run and what the second adds, percentile by percentile', async () => {
    const { code, stdout } = await cli([
      '--compare',
      direct,
      gateway,
      '--labels',
      'direct,nginx',
      '--out-dir',
      outDir,
    ]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const row = (label: string, title: string) => {
      const start = lines.findIndex((line) => line.trim() === title);
      return lines
        .slice(start)
        .find((line) => line.trim().startsWith(label))
        ?.trim()
        .split(/ {2,}/);
    };
    expect(row('direct', 'TTFT')).toEqual(['direct', '1.200', '1.300', '1.300', '1.300']);
    expect(row('nginx ', 'TTFT')).toEqual(['nginx', '1.600', '1.900', '1.900', '1.900']);
    expect(row('nginx added', 'TTFT')).toEqual(['nginx added', '+0.400', '+0.600', '+0.600', '+0.600']);
    expect(row('nginx added', 'ITL')).toEqual(['nginx added', '+0.040', '+0.060', '+0.060', '+0.060']);
    expect(row('nginx added', 'e2e')).toEqual(['nginx added', '+0.200', '+0.300', '+0.300', '+0.300']);
    expect(stdout).toContain('errors: direct 0/3 errors (0.00%), nginx 1/4 errors (25.00%)');
    expect(stdout).toContain('(no ground truth: the added latency is not attributed');
  });

  it('writes the page with both runs’ curves, and the comparison as data', async () => {
    await cli(['--compare', direct, gateway, '--labels', 'direct,nginx', '--out-dir', outDir]);
    const html = readFileSync(join(outDir, 'compare.html'), 'utf8');
    expect(html.match(/<polyline /g)?.length).toBe(6);
    expect(html).toContain('<title>direct</title>');
    const data = JSON.parse(readFileSync(join(outDir, 'compare.json'), 'utf8'));
    expect(data.versus).toBeUndefined();
    expect(data.scenarios[0].versusBaseline[0].added.ttft).toMatchObject({ p50: 0.4, p99: 0.6 });
  });

  it('exits 1 when a run adds more than the budget at p99, naming the first scenario over it', async () => {
    const { code, stdout } = await cli([
      '--compare',
      direct,
      gateway,
      '--budget-ms',
      '0.5',
      '--out-dir',
      outDir,
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('B: added p99 first exceeds 0.5 ms in scenario gateway_r10');
  });

  it('merges the files of one run given with commas, and refuses a single run', async () => {
    const second = run('direct-2.ndjson', [1.0], [0]);
    const { stdout } = await cli(['--compare', `${direct},${second}`, gateway, '--out-dir', outDir]);
    expect(stdout).toContain('errors: A 0/4 errors (0.00%)');
    expect((await cli(['--compare', direct, '--out-dir', outDir])).code).toBe(2);
  });
});

describe('mock-ceiling guard', () => {
  it('flags a difference of which the emulator or the client is a tenth or more', () => {
    expect(mockCeilingGuard({ differenceUs: 1000, emulatorLateUs: 99, clientUs: 50 }).flagged).toBe(false);
    expect(mockCeilingGuard({ differenceUs: 1000, emulatorLateUs: 100, clientUs: 50 })).toEqual({
      flagged: true,
      reasons: ['emulator lateness 0.100 ms ≥ 10% of the difference 1.000 ms'],
    });
    expect(mockCeilingGuard({ differenceUs: -200, emulatorLateUs: 0, clientUs: 30 }, 0.1).reasons).toEqual([
      'client and loopback 0.030 ms ≥ 10% of the difference -0.200 ms',
    ]);
  });
});
