import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../src/report/report.js';
import { renderSloLines, renderTable } from '../src/report/table.js';
import { GOLDEN, SINGLE } from './helpers.js';

// Regenerate after an intended change with: UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts
const update = process.env.UPDATE_GOLDEN === '1';

function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (update) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const SLOS = [
  'ttft_delta:p99<25ms',
  'itl_delta{scenario=comprehensive}:min>=0ms',
  'stream_errors:rate<=0.05',
  'e2e{scenario=high_throughput,cfg_ttft_ms=250}:p(99.9)<0.5s',
];

describe('report of the recorded k6 fixture', async () => {
  const report = await buildReport({ files: [SINGLE], slos: SLOS });

  it('prints the golden table, every line within 110 columns', () => {
    const table = renderTable(report.summary);
    expectGolden('single.table.txt', table);
    for (const line of table.split('\n')) expect(line.length).toBeLessThanOrEqual(110);
  });

  it('prints the golden SLO lines', () => {
    expectGolden('single.slos.txt', renderSloLines(report.slos));
  });

  it('writes the golden summary.json', () => {
    const summary = { ...report.summary, inputs: { files: ['fixtures/single.ndjson.gz'], histograms: [] } };
    expectGolden('single.summary.json', `${JSON.stringify(summary, null, 2)}\n`);
  });
});
