#!/usr/bin/env node
// End-to-end proof with the real k6 binary: the scenarios against the emulator — the high-throughput one
// split across two k6 instances by execution segment, as k6's distributed mode runs it — then one HDR report
// over all their outputs, gated by SLOs on observed − configured timing; then the metrics against a real Prometheus.
import { createReadStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { REPORT_CLI, ROOT, run, runK6, startEmulator } from './lib/processes.mjs';

const outDir = join(ROOT, 'out', 'e2e');
const duration = process.env.E2E_DURATION ?? '15s';
const SEGMENT_SEQUENCE = '0,1/2,1';
// Start clean: stale outputs of an earlier run must not reach this run's report.
rmSync(outDir, { recursive: true, force: true });

// k6 runs on the same machine: one emulator worker leaves it a core (the emulator's default is one per core).
const emulator = await startEmulator({ logFile: join(outDir, 'emulator.log'), args: ['--workers', '1'] });
console.log(`emulator: ${emulator.baseUrl}`);
const outputs = [];
const failures = [];
try {
  const comprehensive = join(outDir, 'comprehensive.ndjson.gz');
  outputs.push(comprehensive);
  const code = await runK6(join(ROOT, 'scenarios', 'comprehensive.ts'), {
    env: { BASE_URL: emulator.baseUrl, DURATION: duration, VUS: '8' },
    args: ['--quiet', '--out', `json=${comprehensive}`],
  });
  if (code !== 0) failures.push(`comprehensive scenario exited with ${code}`);
  // setup() warms the target up: 2 rounds of 9 requests (4 chat and legacy, 5 Responses, tool-call and
  // Messages), all answered, none of them in tokenpace_* samples.
  const warmUp = await countWarmUp(comprehensive);
  if (warmUp.ok !== 18 || warmUp.all !== 18 || warmUp.tokenpace !== 0) {
    failures.push(
      `warm-up: ${JSON.stringify(warmUp)}, want 18 requests answered 200 and no tokenpace_* samples`,
    );
  }

  // The agent user: tool loops on Chat, Responses and Messages, every turn measured.
  const agent = join(outDir, 'agent.ndjson.gz');
  outputs.push(agent);
  const agentCode = await runK6(join(ROOT, 'scenarios', 'agent.ts'), {
    env: { BASE_URL: emulator.baseUrl, DURATION: duration, VUS: '6' },
    args: ['--quiet', '--out', `json=${agent}`],
  });
  if (agentCode !== 0) failures.push(`agent scenario exited with ${agentCode}`);

  const segments = ['0:1/2', '1/2:1'].map((segment, index) => {
    const output = join(outDir, `high-throughput.${index}.ndjson.gz`);
    outputs.push(output);
    return runK6(join(ROOT, 'scenarios', 'high-throughput.ts'), {
      env: { BASE_URL: emulator.baseUrl, DURATION: duration, RATE: '100' },
      args: [
        '--quiet',
        // Two instances at once: k6 v2 starts its REST API only when given --address, so no port is shared.
        '--execution-segment',
        segment,
        '--execution-segment-sequence',
        SEGMENT_SEQUENCE,
        '--out',
        `json=${output}`,
      ],
    });
  });
  for (const [index, segmentCode] of (await Promise.all(segments)).entries()) {
    if (segmentCode !== 0) failures.push(`high-throughput segment ${index} exited with ${segmentCode}`);
  }
} finally {
  await emulator.stop();
}

// The extension's own end-to-end Go test: a k6 script in the real binary, its JSON output checked sample by sample.
const goE2eCode = await run(
  'go',
  ['-C', join(ROOT, 'packages', 'load', 'xk6'), 'test', '-count=1', '-tags', 'e2e', '-run', 'K6', '.'],
  {
    env: { TOKENPACE_K6: join(ROOT, '.tools', 'bin', 'k6') },
  },
);
if (goE2eCode !== 0) failures.push(`go e2e test exited with ${goE2eCode}`);

const slos = [
  'ttft_delta:p99<25ms',
  'itl_delta:p99<10ms',
  // The emulator must never be early: a token before its due time would be a bug, not jitter.
  'ttft_delta:min>=0ms',
  'stream_errors:rate<=0',
  'token_mismatch:rate<=0',
];
const reportCode = await run(process.execPath, [
  REPORT_CLI,
  ...outputs,
  '--out-dir',
  join(outDir, 'report'),
  ...slos.flatMap((slo) => ['--slo', slo]),
]);
if (reportCode !== 0) failures.push(`report/SLO check exited with ${reportCode}`);

// The emulator's /metrics against a real Prometheus: histogram_quantile must give back a known distribution.
let skipped = 0;
const PROMETHEUS_MISSING = 3;
const prometheusCode = await run(process.execPath, [join(ROOT, 'scripts', 'prometheus-check.mjs')]);
if (prometheusCode === PROMETHEUS_MISSING) {
  skipped += 1;
  console.log(
    'skipped: the Prometheus check needs the prometheus binary (Debian: apt-get install prometheus)',
  );
} else if (prometheusCode !== 0) {
  failures.push(`prometheus check exited with ${prometheusCode}`);
}

// Seven steps: the comprehensive run, the agent run, two high-throughput segments, the Go test in real k6, the
// SLO-gated report, the Prometheus check.
const STEPS = 7;
const resultsDir = join(outDir, 'test-results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, 'e2e.json'),
  `${JSON.stringify({ passed: STEPS - failures.length - skipped, failed: failures.length, skipped })}\n`,
);

if (failures.length > 0) {
  console.error(`\n✗ end-to-end: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('\n✓ end-to-end: the scenarios met their SLOs against the emulator');

/** Counts the warm-up's samples in a k6 JSON output: http_reqs (all, and status 200) and any tokenpace_*. */
async function countWarmUp(file) {
  const counts = { all: 0, ok: 0, tokenpace: 0 };
  for await (const line of createInterface({ input: createReadStream(file).pipe(createGunzip()) })) {
    if (!line.includes('"warm-up"')) continue;
    const { type, metric, data } = JSON.parse(line);
    if (type !== 'Point' || data.tags?.name !== 'warm-up') continue;
    if (metric.startsWith('tokenpace_')) counts.tokenpace += 1;
    if (metric !== 'http_reqs') continue;
    counts.all += 1;
    if (data.tags.status === '200') counts.ok += 1;
  }
  return counts;
}
