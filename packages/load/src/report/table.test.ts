import { METRIC, TAG } from '@tokenpace/core/protocol';
import { describe, expect, it } from 'vitest';
import { HistogramSet } from './histogram-set.js';
import { metricSpec } from './metrics.js';
import { summarize } from './summary.js';
import { renderTable } from './table.js';

describe('renderTable', () => {
  it('gives a long configured label (a distribution) its own line and stays within 110 columns', () => {
    const set = new HistogramSet();
    const distribution = ['lognormal(p50=200,p99=800)', 'lognormal(p50=20,p99=80)', '32', 'stream'];
    set.record(metricSpec(METRIC.e2e), 'chat', distribution, 1_234_567);
    set.record(metricSpec(METRIC.e2e), 'chat', ['100', '20', '32', 'stream'], 730_001);
    set.record(metricSpec(METRIC.streamErrors), 'chat', distribution, 1);
    set.record(metricSpec(METRIC.ttftDelta), 'chat', ['100'], -1_500);
    const table = renderTable(
      summarize(set, { files: ['run.ndjson.gz'], histogramFiles: [], warnings: [], slos: [] }),
    );
    expect(table.split('\n').slice(3)).toEqual([
      'scenario chat',
      '  TTFT by cfg_ttft_ms                  count        p50        p90        p99      p99.9        max',
      '  100               delta                  1     -1.500     -1.500     -1.500     -1.500     -1.500',
      '  requests by ttft/itl/length/mode     count        p50        p90        p99      p99.9        max',
      '  100/20/32/stream  e2e                    1    730.001    730.001    730.001    730.001    730.001',
      '  lognormal(p50=200,p99=800)/lognormal(p50=20,p99=80)/32/stream',
      '                    e2e                    1   1234.567   1234.567   1234.567   1234.567   1234.567',
      '                    stream errors          1    100.000% (1 of 1)',
      '',
    ]);
    for (const line of table.split('\n')) expect(line.length).toBeLessThanOrEqual(110);
  });

  it('keys every metric family by the protocol tags', () => {
    expect(metricSpec(METRIC.ttft).keyTags).toEqual([TAG.configuredTtftMs]);
    expect(metricSpec(METRIC.tokensPerChunk).keyTags).toEqual([TAG.configuredItlMs]);
    expect(metricSpec(METRIC.headers).keyTags).toEqual([
      TAG.configuredTtftMs,
      TAG.configuredItlMs,
      TAG.configuredOutputLength,
      TAG.mode,
    ]);
    expect(Object.values(METRIC).map((name) => metricSpec(name).name)).toEqual(Object.values(METRIC));
  });
});
