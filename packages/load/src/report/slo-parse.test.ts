import { describe, expect, it } from 'vitest';
import { SloSyntaxError } from './errors.js';
import { parseSlo } from './slo-parse.js';

describe('parseSlo accepts', () => {
  it.each([
    ['ttft_delta:p99<5ms', 'tokenpace_ttft_delta', {}, 'percentile', 99, '<', 5000n, 0],
    ['ttft:p(99.99)<=250.5ms', 'tokenpace_ttft', {}, 'percentile', 99.99, '<=', 2505000n, 1],
    [
      'itl_delta{scenario=chat}:p99.9>=-1.25ms',
      'tokenpace_itl_delta',
      { scenario: 'chat' },
      'percentile',
      99.9,
      '>=',
      -125000n,
      2,
    ],
    ['tokenpace_e2e:max<2s', 'tokenpace_e2e', {}, 'max', undefined, '<', 2_000_000n, 0],
    ['headers:mean<1500us', 'tokenpace_headers', {}, 'mean', undefined, '<', 1500n, 0],
    ['headers:min>0.5µs', 'tokenpace_headers', {}, 'min', undefined, '>', 5n, 1],
    ['ttft_delta:min>=0ms', 'tokenpace_ttft_delta', {}, 'min', undefined, '>=', 0n, 0],
    ['stream_errors:rate<=0.001', 'tokenpace_stream_errors', {}, 'rate', undefined, '<=', 1n, 3],
    [
      'token_mismatch{scenario=a}:count>100',
      'tokenpace_token_mismatch',
      { scenario: 'a' },
      'count',
      undefined,
      '>',
      100n,
      0,
    ],
    ['output_tokens:p50>=20', 'tokenpace_output_tokens', {}, 'percentile', 50, '>=', 20n, 0],
    [
      ' e2e{ scenario = comprehensive , cfg_ttft_ms=100,cfg_itl_ms:20, cfg_output_length=32 }:p90<1s ',
      'tokenpace_e2e',
      { scenario: 'comprehensive', cfg_ttft_ms: '100', cfg_itl_ms: '20', cfg_output_length: '32' },
      'percentile',
      90,
      '<',
      1_000_000n,
      0,
    ],
    ['ttft{}:p50<1ms', 'tokenpace_ttft', {}, 'percentile', 50, '<', 1000n, 0],
  ])('%s', (expression, metric, tags, statKind, percentile, operator, digits, scale) => {
    const slo = parseSlo(expression);
    expect(slo.expression).toBe(expression.trim());
    expect(slo.metric.name).toBe(metric);
    expect(slo.tags).toEqual(tags);
    expect(slo.stat.kind).toBe(statKind);
    if (slo.stat.kind === 'percentile') expect(slo.stat.percentile).toBe(percentile);
    expect(slo.operator).toBe(operator);
    expect(slo.threshold).toEqual({ digits, scale });
  });
});

describe('parseSlo rejects, naming the bad part', () => {
  it.each([
    ['', '(end)', 'expected a metric name'],
    ['ttfb:p99<5ms', 'ttfb', 'unknown metric; one of ttft, ttft_configured'],
    ['ttft{scenario=a:p99<5ms', '{scenario=a:p99<5ms', "unclosed '{'"],
    ['ttft{scenario}:p99<5ms', 'scenario', 'written tag=value'],
    ['ttft{cfg_itl_ms=20}:p99<5ms', 'cfg_itl_ms', 'ttft can be filtered by scenario, cfg_ttft_ms only'],
    ['ttft{scenario=a,scenario=b}:p99<5ms', 'scenario', 'tag filtered twice'],
    ['ttft p99<5ms', ' p99<5ms', "expected ':'"],
    ['ttft:p99x<5ms', 'x<5ms', 'expected a comparison'],
    ['ttft:median<5ms', 'median<5ms', 'expected a statistic'],
    ['ttft:p101<5ms', 'p101', 'between 0 and 100'],
    ['ttft:p99=5ms', '=5ms', 'expected a comparison'],
    ['ttft:p99<fast', 'fast', 'expected a number'],
    ['ttft:p99<5', 'p99', 'is a time: give a unit'],
    ['ttft:p99<5min', 'min', 'expected a unit'],
    ['ttft:rate<0.1', 'rate', 'rate applies to stream_errors and token_mismatch'],
    ['stream_errors:p99<1', 'p99', 'stream_errors is a rate'],
    ['stream_errors:rate<1%', '%', 'expected a unit'],
    ['stream_errors:rate<1ms', 'ms', 'a rate takes no unit'],
    ['output_tokens:p50<20ms', 'ms', 'counts tokens: no unit'],
    ['ttft:count>10ms', 'ms', 'count takes no unit'],
  ])('%j at %j', (expression, part, message) => {
    let error: unknown;
    try {
      parseSlo(expression);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SloSyntaxError);
    const syntaxError = error as SloSyntaxError;
    expect(syntaxError.code).toBe('REPORT_SLO_SYNTAX');
    expect(syntaxError.part).toBe(part);
    expect(syntaxError.message).toContain(message);
    expect(syntaxError.message).toContain(`'${expression.trim()}'`);
  });
});
