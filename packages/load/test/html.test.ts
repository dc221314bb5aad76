import { METRIC } from '@tokenpace/core/protocol';
import { describe, expect, it } from 'vitest';
import { HistogramSet } from '../src/report/histogram-set.js';
import { renderHtml } from '../src/report/html.js';
import { metricSpec } from '../src/report/metrics.js';
import { buildReport } from '../src/report/report.js';
import { summarize } from '../src/report/summary.js';
import { SINGLE } from './helpers.js';

describe('report.html', async () => {
  const report = await buildReport({
    files: [SINGLE],
    slos: ['ttft_delta:p99<25ms', 'stream_errors:rate<=0'],
  });
  const html = renderHtml(report.set, report.summary);

  it('is self-contained: no URL, script, stylesheet link, image or font fetch', () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=|href=/i);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
  });

  it('plots observed vs configured TTFT and ITL, and the deltas, for every scenario', () => {
    for (const scenario of ['comprehensive', 'high_throughput']) {
      expect(html).toContain(`<h2>scenario ${scenario}</h2>`);
    }
    expect(html.match(/<svg /g)).toHaveLength(6);
    expect(html).toContain('<title>observed (cfg_ttft_ms=100)</title>');
    expect(html).toContain('<title>configured (cfg_ttft_ms=250)</title>');
    expect(html).toContain('<title>ITL delta (cfg_itl_ms=50)</title>');
    expect(html).toContain('<title>observed (cfg_itl_ms=default)</title>');
    // The x axis is the percentile on the 1/(1-p) scale, up to 99.999%.
    for (const tick of ['>0%<', '>90%<', '>99%<', '>99.9%<', '>99.99%<', '>99.999%<'])
      expect(html).toContain(tick);
  });

  it('shows the SLO results and the table', () => {
    expect(html).toContain('<code>ttft_delta:p99&lt;25ms</code>: 17.853ms');
    expect(html).toContain('<span class="fail">✗</span> <code>stream_errors:rate&lt;=0</code>');
    expect(html).toContain(
      '<tr><td>100</td><td>observed</td><td>22</td><td>100.261</td><td>101.419</td><td>101.375</td><td>102.399</td><td>102.552</td><td>102.552</td><td>102.552</td></tr>',
    );
  });

  it('escapes tag values, which are free text', () => {
    const set = new HistogramSet();
    set.record(metricSpec(METRIC.ttft), '<script>alert(1)</script>', ['"100"'], 1000);
    const page = renderHtml(
      set,
      summarize(set, { files: ['x'], histogramFiles: [], warnings: ['<b>'], slos: [] }),
    );
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;100&quot;');
    expect(page).toContain('&lt;b&gt;');
  });
});
