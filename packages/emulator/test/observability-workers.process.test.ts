import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, killCli, spawnCli } from './support/cli-process.js';
import { parseExposition, sampleValue, sumOf } from './support/prometheus-text.js';

// Two worker processes behind one port: one scrape must show the whole server, and both append to one
// ground-truth file.

const REQUESTS = 24;
let directory: string;
let cli: CliProcess;
let url: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'tokenpace-workers-'));
  cli = spawnCli([
    '--workers',
    '2',
    '--log-level',
    'warn',
    '--ttft',
    'step(3,4,at=1h)',
    '--itl',
    '1',
    '--output-length',
    '3',
    '--ground-truth-log',
    join(directory, 'requests.jsonl'),
  ]);
  url = await cli.url;
  // A new connection each: node:cluster deals connections out to the workers in turn.
  const responses = await Promise.all(
    Array.from({ length: REQUESTS }, () =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'x' }],
          stream: true,
        }),
      }).then((response) => response.text()),
    ),
  );
  expect(responses.every((text) => text.endsWith('data: [DONE]\n\n'))).toBe(true);
}, 30_000);

afterAll(() => {
  killCli(cli);
  rmSync(directory, { recursive: true, force: true });
});

describe('observability with two workers', () => {
  it('shows the whole server in one scrape, whichever worker answers it', async () => {
    for (let scrape = 0; scrape < 3; scrape++) {
      const response = await fetch(`${url}/metrics`, { headers: { connection: 'close' } });
      expect(response.status).toBe(200);
      const exposition = parseExposition(await response.text());
      const vllm = { model_name: 'gpt-4o-mini', engine: '0' };
      expect(sampleValue(exposition, 'vllm:time_to_first_token_seconds_count', vllm)).toBe(REQUESTS);
      expect(
        sampleValue(exposition, 'vllm:request_success_total', { ...vllm, finished_reason: 'stop' }),
      ).toBe(REQUESTS);
      expect(sampleValue(exposition, 'vllm:generation_tokens_total', vllm)).toBe(3 * REQUESTS);
      expect(
        sampleValue(exposition, 'tokenpace_emulator_itl_observed_seconds_count', {
          model_name: 'gpt-4o-mini',
        }),
      ).toBe(2 * REQUESTS);
      // Per-worker series stay apart.
      const workers = exposition.samples
        .filter((sample) => sample.name === 'tokenpace_emulator_event_loop_utilization')
        .map((sample) => sample.labels.worker)
        .sort();
      expect(workers).toEqual(['0', '1']);
      expect(sumOf(exposition, 'tokenpace_emulator_ttft_configured_seconds_sum')).toBeCloseTo(
        0.003 * REQUESTS,
        9,
      );
    }
  });

  it('appends every worker’s records to one ground-truth file, without the scrapes', async () => {
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    const records = readFileSync(join(directory, 'requests.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map(
        (line) => JSON.parse(line) as { worker: number; route: string; configured: { ttftProgram: string } },
      );
    expect(records).toHaveLength(REQUESTS);
    expect(new Set(records.map((record) => record.worker))).toEqual(new Set([0, 1]));
    expect(records.every((record) => record.route === '/v1/chat/completions')).toBe(true);
    expect(records[0]?.configured.ttftProgram).toBe('step(3,4,at=1h)');
  });
});
