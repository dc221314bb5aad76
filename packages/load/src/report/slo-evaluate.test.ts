import { METRIC } from '@tokenpace/core/protocol';
import { describe, expect, it } from 'vitest';
import { HistogramSet } from './histogram-set.js';
import { metricSpec } from './metrics.js';
import { evaluateSlo } from './slo-evaluate.js';
import { parseSlo } from './slo-parse.js';

const ttft = metricSpec(METRIC.ttft);
const itlDelta = metricSpec(METRIC.itlDelta);
const streamErrors = metricSpec(METRIC.streamErrors);

function sampleSet(): HistogramSet {
  const set = new HistogramSet();
  // ttft: 1000, 1500, 2000 µs in scenario a (cfg 100); 9000 µs in scenario b.
  for (const micros of [1000, 1500, 2000]) set.record(ttft, 'a', ['100'], micros);
  set.record(ttft, 'b', ['100'], 9000);
  // itl deltas of both signs across two configured values.
  for (const micros of [-700, -20, 5, 40]) set.record(itlDelta, 'a', ['20'], micros);
  for (const micros of [-1_000, 300]) set.record(itlDelta, 'a', ['50'], micros);
  // one failure in three requests.
  for (const failed of [0, 1, 0]) set.record(streamErrors, 'a', ['100', '20', '6'], failed);
  return set;
}

function check(expression: string) {
  return evaluateSlo(parseSlo(expression), sampleSet());
}

describe('evaluateSlo', () => {
  it.each([
    // Exact boundaries: thresholds are decimals compared as integers, never as binary floats.
    ['ttft{scenario=a}:p50<=1.5ms', true, '1.500ms', 3],
    ['ttft{scenario=a}:p50<1.5ms', false, '1.500ms', 3],
    ['ttft{scenario=a}:p50<0.0015s', false, '1.500ms', 3],
    ['ttft{scenario=a}:p50<=1500us', true, '1.500ms', 3],
    ['ttft{scenario=a}:p50>1499.999us', true, '1.500ms', 3],
    ['ttft{scenario=a}:mean<=1.5ms', true, '1.500ms', 3],
    ['ttft{scenario=a}:mean<1.5ms', false, '1.500ms', 3],
    ['ttft{scenario=a}:max<=2ms', true, '2.000ms', 3],
    ['ttft{scenario=a}:min>=1ms', true, '1.000ms', 3],
    ['ttft{scenario=a}:count>=3', true, '3', 3],
    // Merged across scenarios when not filtered.
    ['ttft:max<5ms', false, '9.000ms', 4],
    ['ttft:count<=4', true, '4', 4],
    ['ttft{scenario=b}:p99<10ms', true, '9.000ms', 1],
    // Signed deltas: merged over both configured values; exact min and negative percentiles.
    ['itl_delta:min>=-1ms', true, '-1.000ms', 6],
    ['itl_delta:min>-1ms', false, '-1.000ms', 6],
    ['itl_delta:p50<0ms', true, '-0.020ms', 6],
    ['itl_delta{cfg_itl_ms=20}:p(25)<=-0.7ms', true, '-0.700ms', 4],
    ['itl_delta{cfg_itl_ms=20}:mean<=-0.16875ms', true, '-0.169ms', 4],
    ['itl_delta{cfg_itl_ms=20}:mean<-0.16875ms', false, '-0.169ms', 4],
    // Rates as exact fractions: 1/3.
    ['stream_errors:rate<=0.3333', false, '0.333333 (1 of 3)', 3],
    ['stream_errors:rate<0.3334', true, '0.333333 (1 of 3)', 3],
    ['stream_errors{cfg_output_length=6}:rate>0', true, '0.333333 (1 of 3)', 3],
  ])('%s → %s', (expression, passed, actualText, count) => {
    const result = check(expression);
    expect(result).toMatchObject({ expression, passed, actualText, count });
  });

  it('fails an SLO that matches no samples', () => {
    expect(check('ttft{scenario=missing}:p99<5ms')).toEqual({
      expression: 'ttft{scenario=missing}:p99<5ms',
      passed: false,
      actual: null,
      actualText: 'no samples',
      count: 0,
    });
  });

  it('reports the actual value in ms for times and as a fraction for rates', () => {
    expect(check('ttft{scenario=a}:p50<2ms').actual).toBe(1.5);
    expect(check('stream_errors:rate<1').actual).toBeCloseTo(1 / 3, 15);
  });
});
