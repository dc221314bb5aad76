import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC } from '@tokenpace/core/protocol';
import { describe, expect, it } from 'vitest';
import { attributeFiles } from '../src/report/attribution/attribution-files.js';
import { summarizeAttribution } from '../src/report/attribution/attribution-summary.js';
import type { ClientRequest } from '../src/report/attribution/client-requests.js';
import { parseEpochMicros } from '../src/report/attribution/client-requests.js';
import { estimateClockOffset, printStepUs } from '../src/report/attribution/clock-offset.js';
import { decodeSendTimesUs, type ServerRecord } from '../src/report/attribution/ground-truth-log.js';
import { attribute } from '../src/report/attribution/join.js';
import { runCli } from '../src/report/run-cli.js';
import { temporaryDirectory } from './helpers.js';

// The join of client samples and ground-truth records on hand-made inputs, where every share is known exactly.

const directory = temporaryDirectory();
const ARRIVAL_MS = 1_700_000_000_000;

/** One k6 JSON Point of a keyed request. */
function point(metric: string, value: number, key: string, time = '2023-11-14T22:13:20.0708Z'): string {
  return JSON.stringify({
    metric,
    type: 'Point',
    data: {
      time,
      value,
      tags: { scenario: 'gw', mode: 'stream' },
      metadata: { request_key: key, clock: 'kernel' },
    },
  });
}

function record(key: string, fields: Record<string, unknown>): string {
  return JSON.stringify({
    requestId: `req_${key}`,
    requestKey: key,
    arrivalEpochMs: ARRIVAL_MS,
    status: 200,
    ...fields,
  });
}

const STREAM = {
  mode: 'stream',
  configured: { ttftMs: 50, itlMs: 10, outputLength: 3 },
  schedule: { steps: 3, firstDueMs: 50, lastDueMs: 70 },
  // Sent at 50.1, 60.1 and 70.15 ms after arrival.
  sent: { steps: 3, firstMs: 50.1, lastMs: 70.15, endMs: 70.3, tokensUs: [50_100, 10_000, 10_050] },
};
const UNARY = {
  mode: 'unary',
  configured: { ttftMs: 10, itlMs: 10, outputLength: 2 },
  schedule: { bodyDueMs: 30 },
  sent: { steps: null, firstMs: null, lastMs: null, endMs: 30.4, tokensUs: null },
};

function writeInputs(): { k6: string; truth: string } {
  const k6 = join(directory, 'run.ndjson');
  const truth = join(directory, 'truth.jsonl');
  writeFileSync(
    k6,
    [
      '{"type":"Metric","data":{"name":"tokenpace_ttft","type":"trend"},"metric":"tokenpace_ttft"}',
      point(METRIC.streamErrors, 0, 'a'),
      point(METRIC.ttft, 50.6, 'a'),
      point(METRIC.itl, 10.2, 'a'),
      point(METRIC.itl, 10, 'a'),
      point(METRIC.e2e, 71, 'a'),
      point(METRIC.streamErrors, 0, 'b'),
      point(METRIC.e2e, 31, 'b'),
      point(METRIC.streamErrors, 0, 'client-only'),
      point(METRIC.e2e, 5, 'client-only'),
      point(METRIC.streamErrors, 1, 'failed'),
      point(METRIC.streamErrors, 0, 'twice'),
      point(METRIC.e2e, 5, 'twice'),
      '',
    ].join('\n'),
  );
  writeFileSync(
    truth,
    [
      record('a', STREAM),
      record('b', UNARY),
      record('failed', UNARY),
      record('server-only', UNARY),
      record('twice', UNARY),
      record('twice', UNARY),
      JSON.stringify({ requestId: 'req_warm', requestKey: null, arrivalEpochMs: ARRIVAL_MS }),
      '',
    ].join('\n'),
  );
  return { k6, truth };
}

describe('attribution', () => {
  it('splits TTFT, every gap and the end into path and emulator shares, exactly', async () => {
    const { k6, truth } = writeInputs();
    const { summary } = await attributeFiles([k6], [truth], directory, () => {});
    expect(summary).toMatchObject({
      matched: 3,
      clientOnly: 1,
      serverOnly: 1,
      duplicateKeys: 1,
      clock: null,
    });
    const [scenario] = summary.scenarios;
    expect(scenario).toMatchObject({ scenario: 'gw', requests: 2, failed: 1, gapMismatches: 0 });
    const { ttft, itl, e2e } = scenario?.measures ?? {};
    // TTFT: observed 50.6, sent 50.1, due 50.
    expect(ttft?.observedMinusConfigured).toMatchObject({ count: 1, p50: 0.6, max: 0.6 });
    expect(ttft?.path).toMatchObject({ count: 1, p50: 0.5, max: 0.5 });
    expect(ttft?.emulator).toMatchObject({ count: 1, p50: 0.1, max: 0.1 });
    // Gaps: observed 10.2 and 10.0, sent 10.0 and 10.05, configured 10.
    expect(itl?.path).toMatchObject({ count: 2, p50: -0.05, p99: 0.2 });
    expect(itl?.emulator).toMatchObject({ count: 2, p50: 0, p99: 0.05 });
    expect(itl?.observedMinusConfigured).toMatchObject({ count: 2, p50: 0, p99: 0.2 });
    // End: stream observed 71 / sent 70.3 / due 70; unary observed 31 / sent 30.4 / due 30.
    expect(e2e?.path).toMatchObject({ count: 2, p50: 0.6, p99: 0.7 });
    expect(e2e?.emulator).toMatchObject({ count: 2, p50: 0.3, p99: 0.4 });
    expect(e2e?.observedMinusConfigured).toMatchObject({ count: 2, p50: 1, p99: 1 });
  });

  it('prints the attribution after the report table', async () => {
    const { k6, truth } = writeInputs();
    let stdout = '';
    const code = await runCli([k6, '--ground-truth', truth, '--out-dir', join(directory, 'cli')], {
      stdout: (text) => {
        stdout += text;
      },
      stderr: () => {},
    });
    expect(code).toBe(0);
    expect(stdout).toContain(
      'attribution: 3 requests joined with the ground truth; 1 only at the client, 1 only in the log, 1 logged more than once (left out)',
    );
    expect(stdout).toMatch(/ {4}path: observed − actually sent +0\.500 +0\.500 +0\.500 +0\.500 +0\.500\n/);
    expect(stdout).toContain(
      'clock offset: not estimated (fewer than 3 round trips); one-way legs not shown',
    );
  });
});

describe('clock offset', () => {
  const trip = (
    sentUs: number,
    requestLegUs: number,
    serverUs: number,
    responseLegUs: number,
    offsetUs: number,
  ) => ({
    clientSentEpochUs: sentUs,
    serverReceivedEpochUs: sentUs + requestLegUs + offsetUs,
    serverSentEpochUs: sentUs + requestLegUs + serverUs + offsetUs,
    clientReceivedEpochUs: sentUs + requestLegUs + serverUs + responseLegUs,
  });

  it('takes the shortest round trip, and bounds the offset by half of it', () => {
    const estimate = estimateClockOffset([
      trip(1_000_000, 300, 50_000, 900, 2500),
      // Symmetric legs of 40 µs: the estimate is exact, the bound 40 µs.
      trip(2_000_000, 40, 50_000, 40, 2500),
      trip(3_000_000, 500, 50_000, 100, 2500),
    ]);
    expect(estimate).toEqual({ offsetUs: 2500, uncertaintyUs: 40, roundTrips: 3 });
  });

  it('is off by at most its uncertainty when the legs differ', () => {
    const estimate = estimateClockOffset([
      trip(1_000_000, 10, 1000, 70, -800),
      trip(2_000_000, 10, 1000, 90, -800),
      trip(3_000_000, 10, 1000, 80, -800),
    ]);
    expect(estimate).toEqual({ offsetUs: -830, uncertaintyUs: 40, roundTrips: 3 });
  });

  it('gives none from fewer than three round trips', () => {
    expect(estimateClockOffset([trip(0, 1, 1, 1, 0), trip(5, 1, 1, 1, 0)])).toBeNull();
  });

  it('prints one-way figures on a 1-2-5 step no finer than the uncertainty', () => {
    expect([1, 2, 3, 40, 100, 101, 2001].map(printStepUs)).toEqual([1, 2, 5, 50, 100, 200, 5000]);
  });
});

describe('one-way legs', () => {
  // Three streams; the server's clock 2 ms ahead of the client's; request and first-token legs in µs.
  const OFFSET_US = 2000;
  const legs = [
    { requestUs: 300, responseUs: 300 },
    { requestUs: 100, responseUs: 100 },
    { requestUs: 500, responseUs: 50 },
  ];
  const clients = new Map<string, ClientRequest>();
  const records = new Map<string, ServerRecord>();
  legs.forEach(({ requestUs, responseUs }, index) => {
    const key = `k${index}`;
    const sentEpochUs = 1_700_000_000_000_000 + index * 1_000_000;
    const firstSentUs = 50_000;
    const ttftUs = requestUs + firstSentUs + responseUs;
    const e2eUs = ttftUs + 100_000;
    clients.set(key, {
      key,
      scenario: 's',
      failed: false,
      ttftUs,
      itlUs: [],
      e2eUs,
      stampedEpochUs: sentEpochUs + e2eUs,
    });
    records.set(key, {
      key,
      status: 200,
      streamed: true,
      arrivalEpochUs: sentEpochUs + requestUs + OFFSET_US,
      firstDueUs: 50_000,
      lastDueUs: 50_000,
      itlUs: 10_000,
      tokensSentUs: [firstSentUs],
      endSentUs: firstSentUs + 99_000,
    });
  });

  it('estimates the offset from the requests, and rounds the legs to its uncertainty', () => {
    const summary = summarizeAttribution(
      attribute(clients, { records, duplicateKeys: new Set(), unkeyed: 0 }),
    );
    // The shortest round trip (100 µs each way) gives the offset exactly and bounds it by 0.1 ms.
    expect(summary.clock).toEqual({ offsetMs: 2, uncertaintyMs: 0.1, printStepMs: 0.1, roundTrips: 3 });
    // Request legs 300, 100, 500 µs; first-token legs 300, 100, 50 µs, printed on a 0.1 ms step.
    expect(summary.scenarios[0]?.requestLeg).toEqual({
      count: 3,
      min: 0.1,
      p50: 0.3,
      p90: 0.5,
      p99: 0.5,
      p99_9: 0.5,
      max: 0.5,
    });
    expect(summary.scenarios[0]?.firstTokenLeg).toEqual({
      count: 3,
      min: 0.1,
      p50: 0.1,
      p90: 0.3,
      p99: 0.3,
      p99_9: 0.3,
      max: 0.3,
    });
  });
});

describe('inputs', () => {
  it('reads k6 times to the microsecond', () => {
    expect(parseEpochMicros('2023-11-14T22:13:20.070812345Z')).toBe(1_700_000_000_070_812);
    expect(parseEpochMicros('2023-11-14T23:13:20.5+01:00')).toBe(1_700_000_000_500_000);
    expect(parseEpochMicros('yesterday')).toBeNull();
  });

  it('decodes delta-encoded send times', () => {
    expect(decodeSendTimesUs([50_100, 10_000, 0, 9_950])).toEqual([50_100, 60_100, 60_100, 70_050]);
  });
});
