import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/report/run-cli.js';
import { SEGMENT_A, SEGMENT_B, SINGLE, temporaryDirectory } from './helpers.js';

const directory = temporaryDirectory();

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

describe('tokenpace-report', () => {
  it('documents every option and the SLO grammar in --help', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    for (const option of ['--out-dir', '--histograms', '--slo', '--quiet', '--json', '--help'])
      expect(stdout).toContain(option);
    for (const word of [
      'p(99.99)',
      'ttft_delta',
      'cfg_output_length',
      'Exit status: 0 all SLOs met, 1 an SLO failed, 2',
    ]) {
      expect(stdout).toContain(word);
    }
  });

  it('prints the table, writes the report files and exits 0 when the SLOs hold', async () => {
    const outDir = join(directory, 'ok');
    const { code, stdout, stderr } = await run(
      SEGMENT_A,
      SEGMENT_B,
      '--out-dir',
      outDir,
      '--slo',
      'ttft_delta:p99<25ms',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^tokenpace report: 2 inputs, 2167 samples;/);
    expect(stdout).toContain('\nSLOs\n✓ ttft_delta:p99<25ms  actual 17.853ms, n=83\n');
    const files = readdirSync(outDir);
    for (const name of ['histograms.json', 'summary.json', 'report.html', 'ttft.comprehensive.100.hgrm']) {
      expect(files).toContain(name);
    }
    expect(files).toContain('e2e_delta.high_throughput.250-default-4-stream.hgrm');
    expect(files.filter((name) => name.endsWith('.hgrm'))).toHaveLength(68);
    expect(stdout).toContain(`wrote ${outDir}: 68 .hgrm, histograms.json, summary.json, report.html`);
    const hgrm = readFileSync(join(outDir, 'ttft_delta.comprehensive.100.hgrm'), 'utf8');
    expect(hgrm.startsWith('       Value     Percentile TotalCount 1/(1-Percentile)\n\n')).toBe(true);
    expect(hgrm).toContain('#[Max     =        2.553, Total count    =           22]');
  });

  it('exits 1 when an SLO fails, and --quiet prints only the SLO lines', async () => {
    const { code, stdout } = await run(
      SINGLE,
      '--out-dir',
      join(directory, 'quiet'),
      '--quiet',
      '--slo',
      'ttft_delta:p99<25ms',
      '--slo',
      'stream_errors:rate<=0',
    );
    expect(code).toBe(1);
    expect(stdout).toBe(
      '✓ ttft_delta:p99<25ms    actual 17.853ms, n=83\n✗ stream_errors:rate<=0  actual 0.052083 (5 of 96), n=96\n',
    );
  });

  it('warns about an input given twice', async () => {
    const { code, stderr } = await run(SINGLE, SINGLE, '--out-dir', join(directory, 'twice'), '--quiet');
    expect(code).toBe(0);
    expect(stderr).toBe(`warning: ${SINGLE} is given more than once; its samples are counted each time\n`);
  });

  it('prints summary.json with --json', async () => {
    const outDir = join(directory, 'json');
    const { code, stdout } = await run(SINGLE, '--out-dir', outDir, '--json');
    expect(code).toBe(0);
    expect(stdout).toBe(readFileSync(join(outDir, 'summary.json'), 'utf8'));
    expect(JSON.parse(stdout).format).toBe('tokenpace-summary/1');
  });

  it('merges --histograms files', async () => {
    const first = join(directory, 'first');
    await run(SEGMENT_A, '--out-dir', first);
    const { code, stdout } = await run(
      '--histograms',
      join(first, 'histograms.json'),
      SEGMENT_B,
      '--out-dir',
      join(directory, 'second'),
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^tokenpace report: 2 inputs, 2167 samples;/);
  });

  it.each([
    [[], 'no input: give k6 JSON output files and/or --histograms'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--quiet', '--json', 'x'], '--quiet and --json exclude each other'],
    [
      ['--slo', 'ttft:p99<5', 'x'],
      "invalid SLO 'ttft:p99<5': ttft is a time: give a unit (ms, us, s) (at 'p99')",
    ],
    [['missing.ndjson.gz'], 'missing.ndjson.gz: no such file'],
  ])('exits 2 for %j', async (argv, message) => {
    const { code, stdout, stderr } = await run(...argv, '--out-dir', join(directory, 'never'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr.startsWith('tokenpace-report: ')).toBe(true);
  });

  it('exits 2 with a clear message when no tokenpace samples exist', async () => {
    const empty = join(directory, 'empty.ndjson');
    writeFileSync(empty, '');
    const { code, stderr } = await run(empty, '--out-dir', join(directory, 'never'));
    expect(code).toBe(2);
    expect(stderr).toContain(`warning: ${empty}: no tokenpace samples`);
    expect(stderr).toContain(`tokenpace-report: no tokenpace samples in ${empty}`);
    expect(existsSync(join(directory, 'never'))).toBe(false);
  });
});
