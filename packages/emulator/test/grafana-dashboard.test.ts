import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition, sumOf } from './support/prometheus-text.js';
import { buildTestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

// The Grafana dashboard shipped in deploy/grafana must be valid JSON and may only query what the emulator exports:
// every metric name and every label name in its PromQL is checked against a real scrape.

const DASHBOARD_URL = new URL('../../../deploy/grafana/tokenpace-dashboard.json', import.meta.url);

interface Target {
  expr: string;
  refId: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: Target[];
}

/** Words of PromQL (and of Grafana's templating) that are not metric names. */
const PROMQL_WORDS = new Set([
  'sum',
  'avg',
  'max',
  'min',
  'count',
  'rate',
  'irate',
  'increase',
  'histogram_quantile',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
]);

/** Metric names and label names one PromQL expression refers to (Grafana variables replaced first). */
function promqlNames(expression: string): { metrics: Set<string>; labels: Set<string> } {
  const labels = new Set<string>();
  let rest = expression
    .replaceAll('$__rate_interval', '1m')
    .replace(/\$[a-z_]+/g, 'x')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\[[^\]]*\]/g, '');
  // Grafana's label_values(metric, label) names a label as its second argument.
  rest = rest.replace(
    /label_values\(([^,]+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)/g,
    (_, metric: string, label: string) => {
      labels.add(label);
      return metric;
    },
  );
  rest = rest.replace(/\{([^}]*)\}/g, (_, matchers: string) => {
    for (const match of matchers.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g))
      labels.add(match[1] as string);
    return ' ';
  });
  rest = rest.replace(/\b(?:by|without)\s*\(([^)]*)\)/g, (_, list: string) => {
    for (const name of list.split(',')) if (name.trim() !== '') labels.add(name.trim());
    return ' ';
  });
  const metrics = new Set(
    [...rest.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
      .map((match) => match[0])
      .filter((word) => !PROMQL_WORDS.has(word)),
  );
  return { metrics, labels };
}

let app: FastifyInstance;
let exported: { metrics: Set<string>; labels: Set<string> };

beforeAll(async () => {
  app = await buildTestApp();
  // One stream and one non-streamed request, so that every family has series and every label shows.
  for (const stream of [true, false]) {
    await app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], stream },
      headers: { 'x-ttft-ms': '0', 'x-itl-ms': '0', 'x-output-length': '2' },
    });
  }
  // Requests are counted when their responses close, which may follow inject's answer.
  const scrape = async () => parseExposition((await app.inject({ method: 'GET', url: '/metrics' })).body);
  await waitFor(async () => sumOf(await scrape(), 'tokenpace_emulator_requests_total') >= 2);
  const exposition = await scrape();
  // Every family is declared (# TYPE) even before its first sample; a histogram's series add suffixes.
  const declared = [...exposition.types].flatMap(([name, type]) =>
    type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name],
  );
  exported = {
    metrics: new Set(declared),
    labels: new Set(exposition.samples.flatMap((sample) => Object.keys(sample.labels))),
  };
});
afterAll(async () => {
  await app.close();
});

describe('deploy/grafana/tokenpace-dashboard.json', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD_URL, 'utf8')) as {
    uid: string;
    panels: Panel[];
    templating: { list: { name: string; definition?: string }[] };
  };
  const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
  const targets = panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel, target })));

  it('is a dashboard with unique panel ids, and a query in every panel', () => {
    expect(dashboard.uid).toBe('tokenpace-emulator');
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(panels.length).toBeGreaterThanOrEqual(12);
    for (const panel of panels) expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    expect(targets.length).toBeGreaterThanOrEqual(30);
  });

  it('queries only metrics the emulator exports, by labels it exports', () => {
    const queries = [
      ...targets.map(({ panel, target }) => ({ where: panel.title, expr: target.expr })),
      ...dashboard.templating.list
        .filter((variable) => variable.definition !== undefined)
        .map((variable) => ({ where: `$${variable.name}`, expr: variable.definition as string })),
    ];
    const used = new Set<string>();
    for (const { where, expr } of queries) {
      const { metrics, labels } = promqlNames(expr);
      expect(metrics.size, `${where}: ${expr}`).toBeGreaterThan(0);
      for (const metric of metrics) {
        expect(exported.metrics.has(metric), `${where}: ${metric} is not exported`).toBe(true);
        used.add(metric);
      }
      for (const label of labels) expect(exported.labels.has(label), `${where}: label ${label}`).toBe(true);
    }
    // The vLLM latency series a dashboard cares most about are all shown.
    for (const metric of [
      'vllm:time_to_first_token_seconds_bucket',
      'vllm:inter_token_latency_seconds_bucket',
      'vllm:e2e_request_latency_seconds_bucket',
      'tokenpace_emulator_schedule_lateness_seconds_bucket',
      'tokenpace_emulator_requests_total',
    ]) {
      expect(used.has(metric), metric).toBe(true);
    }
  });

  it('reads names out of PromQL as expected (the check above relies on it)', () => {
    expect(
      promqlNames(
        'histogram_quantile(0.99, sum by (le, kind) (rate(a:b_bucket{model_name=~"$model_name",x!="}"}[$__rate_interval]))) / c_total',
      ),
    ).toEqual({
      metrics: new Set(['a:b_bucket', 'c_total']),
      labels: new Set(['model_name', 'x', 'le', 'kind']),
    });
  });
});
