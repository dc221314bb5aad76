import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC, TAG } from '@tokenpace/core/protocol';
import { describe, expect, it } from 'vitest';
import { HistogramSet } from '../src/report/histogram-set.js';
import { ingestFile } from '../src/report/ingest.js';
import { temporaryDirectory } from './helpers.js';

const directory = temporaryDirectory();

/** One k6 JSON point as the extension writes it, for a request of `api`. */
function point(metric: string, value: number, api: string): string {
  const tags = {
    scenario: 'agent',
    [TAG.configuredTtftMs]: '120',
    [TAG.configuredItlMs]: '15',
    [TAG.configuredOutputLength]: '24',
    [TAG.mode]: 'stream',
    [TAG.api]: api,
  };
  return JSON.stringify({ type: 'Point', metric, data: { time: '2026-12-03T09:00:00Z', value, tags } });
}

describe('samples of every API', () => {
  it('are keyed by scenario and configured values, the Responses and Messages ones like chat', async () => {
    const apis = ['chat', 'completion', 'responses', 'messages'];
    const lines = apis.flatMap((api, index) => [
      point(METRIC.ttftDelta, 0.25 * (index + 1), api),
      point(METRIC.itlDelta, 0.125, api),
      point(METRIC.tokenMismatch, 0, api),
    ]);
    const file = join(directory, 'apis.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const set = new HistogramSet();
    const result = await ingestFile(file, set, () => {});
    expect(result.samples).toBe(12);
    const groups = set.groups().map((group) => ({
      metric: group.metric.name,
      scenario: group.scenario,
      configured: group.configured,
      count: group.histogram.count,
    }));
    expect(groups).toEqual([
      { metric: METRIC.ttftDelta, scenario: 'agent', configured: ['120'], count: 4 },
      { metric: METRIC.itlDelta, scenario: 'agent', configured: ['15'], count: 4 },
      {
        metric: METRIC.tokenMismatch,
        scenario: 'agent',
        configured: ['120', '15', '24', 'stream'],
        count: 4,
      },
    ]);
  });
});
