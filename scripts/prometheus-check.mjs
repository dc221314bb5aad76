#!/usr/bin/env node
// A real check of the emulator's metrics: a real Prometheus scrapes a real emulator (two workers) every second
// while a few thousand streams run with a known TTFT distribution, and histogram_quantile over the scraped
// buckets must give back the configured percentiles, within the resolution of the buckets.
//
//   node scripts/prometheus-check.mjs      # REQUESTS=3000 CONCURRENCY=100 WORKERS=2 TIME_LIMIT_S=120
//
// Needs the `prometheus` binary on PATH (Debian: apt-get install prometheus; PROMETHEUS=/path overrides) and a
// built emulator (npx turbo run build --filter=@tokenpace/emulator...). It installs nothing. Prometheus listens
// on 127.0.0.1 only, keeps its data in a temporary directory, and is killed at the end, as is the emulator.
//
// Exit codes: 0 the check passed; 1 it failed; 2 it could not run (emulator not built, a process failed to
// start, the time limit); 3 no prometheus binary.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EMULATOR_CLI, ROOT, startEmulator } from './lib/processes.mjs';

const EXIT = { passed: 0, failed: 1, cannotRun: 2, noPrometheus: 3 };
const DASHBOARD_FILE = join(ROOT, 'deploy', 'grafana', 'tokenpace-dashboard.json');

function numberFromEnv(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`${name} must be a positive number, got '${text}'`);
    process.exit(EXIT.cannotRun);
  }
  return value;
}

const REQUESTS = numberFromEnv('REQUESTS', 3000);
const CONCURRENCY = numberFromEnv('CONCURRENCY', 100);
const WORKERS = numberFromEnv('WORKERS', 2);
const TIME_LIMIT_S = numberFromEnv('TIME_LIMIT_S', 120);
/** The known distribution: lognormal with these percentiles, in seconds. */
const P50_S = 0.2;
const P99_S = 0.8;
const TTFT_SPEC = `lognormal(p50=${P50_S * 1000},p99=${P99_S * 1000})`;
/** Time the emulator may add to a first token on top of its schedule: lateness, the write, parsing the request. */
const OVERHEAD_SLACK_S = 0.01;
/** How many standard errors of a sample quantile the window allows (3: a false alarm about once in 370 runs). */
const STANDARD_ERRORS = 3;

const VLLM_TTFT_BUCKETS_S = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0,
  80.0, 160.0, 640.0, 2560.0,
];

function findPrometheus() {
  if (process.env.PROMETHEUS) return existsSync(process.env.PROMETHEUS) ? process.env.PROMETHEUS : null;
  // Prometheus from a release tarball, or the Debian package: both put a `prometheus` binary on PATH.
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(directory, 'prometheus');
    if (directory !== '' && existsSync(candidate)) return candidate;
  }
  return null;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** Starts Prometheus on 127.0.0.1 with its data in `directory`, scraping `target` every second. */
async function startPrometheus(binary, directory, target) {
  const config = join(directory, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: tokenpace',
      '    metrics_path: /metrics',
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const child = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(directory, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise((resolveStop) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolveStop();
      });
      child.kill('SIGTERM');
    });
  process.once('exit', () => child.kill('SIGKILL'));
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${stderr}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return { url, stop };
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  await stop();
  throw new Error(`prometheus was not ready within 20 s:\n${stderr}`);
}

/** One streamed chat completion, read to its end; resolves with the status. */
function streamOnce(agent, url) {
  const body = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say something short.' }],
    stream: true,
  });
  return new Promise((resolveRequest, reject) => {
    const outgoing = request(
      `${url}/v1/chat/completions`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.on('data', () => {});
        response.on('end', () => resolveRequest(response.statusCode));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Sends `count` streams, `concurrency` at a time; resolves with the count per status. */
async function drive(url, count, concurrency) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = new Map();
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next += 1;
      const status = await streamOnce(agent, url).catch(() => 'error');
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  agent.destroy();
  return statuses;
}

/** The value of an instant PromQL query that returns one sample (NaN when it returns none). */
async function query(prometheusUrl, expression) {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expression)}`);
  const body = await response.json();
  if (body.status !== 'success') throw new Error(`query ${expression} failed: ${JSON.stringify(body)}`);
  const [sample] = body.data.result;
  return sample === undefined ? Number.NaN : Number(sample.value[1]);
}

/**
 * Where histogram_quantile may land when the true quantile is `valueS` (seconds) with relative standard error
 * `relativeError`: the sample quantile lies within ±3 standard errors (and at most `slackS` above, for the
 * emulator's own overhead), and histogram_quantile interpolates inside the bucket holding the sample quantile —
 * so the estimate lies between the lower edge of the bucket below that range and the upper edge of the one above.
 */
function window(buckets, valueS, relativeError, slackS) {
  const low = valueS * (1 - STANDARD_ERRORS * relativeError);
  const high = valueS * (1 + STANDARD_ERRORS * relativeError) + slackS;
  const lower = buckets.filter((bound) => bound < low).at(-1) ?? 0;
  const upper = buckets.find((bound) => bound >= high) ?? Number.POSITIVE_INFINITY;
  return { lower, upper };
}

async function main() {
  const binary = findPrometheus();
  if (binary === null) {
    console.error(
      `prometheus-check: no prometheus binary ${process.env.PROMETHEUS ? `at PROMETHEUS=${process.env.PROMETHEUS}` : 'on PATH'} (Debian/Ubuntu: apt-get install -y prometheus, or set PROMETHEUS=/path/to/prometheus); nothing checked.`,
    );
    return EXIT.noPrometheus;
  }
  if (!existsSync(EMULATOR_CLI)) {
    console.error(
      `prometheus-check: ${EMULATOR_CLI} is missing; build it first: npx turbo run build --filter=@tokenpace/emulator...`,
    );
    return EXIT.cannotRun;
  }
  const core = await import(pathToFileURL(join(ROOT, 'packages', 'core', 'dist', 'index.js')).href);
  const { FINE_TTFT_BUCKETS_S } = await import(
    pathToFileURL(join(ROOT, 'packages', 'emulator', 'dist', 'metrics', 'buckets.js')).href
  );
  const sigma = Math.log(P99_S / P50_S) / core.Z_0_99;
  /** Relative standard error of the sample q-quantile of a lognormal: √(q(1−q)/n) · σ / φ(z_q). */
  const relativeError = (quantile) => {
    const z = core.normalQuantile(quantile);
    const density = Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
    return (Math.sqrt((quantile * (1 - quantile)) / REQUESTS) * sigma) / density;
  };

  const directory = mkdtempSync(join(tmpdir(), 'tokenpace-prometheus-'));
  const cleanups = [];
  const timeLimit = setTimeout(() => {
    console.error(`prometheus-check: over the time limit of ${TIME_LIMIT_S} s; stopping.`);
    // The children are killed as this process exits.
    rmSync(directory, { recursive: true, force: true });
    process.exit(EXIT.cannotRun);
  }, TIME_LIMIT_S * 1000);
  try {
    const emulator = await startEmulator({
      logFile: join(directory, 'emulator.log'),
      args: [
        '--host',
        '127.0.0.1',
        '--workers',
        String(WORKERS),
        '--log-level',
        'warn',
        '--seed',
        '42',
        '--ttft',
        TTFT_SPEC,
        '--itl',
        '1',
        '--output-length',
        '4',
      ],
    });
    cleanups.push(() => emulator.stop());
    const target = emulator.baseUrl.replace(/^http:\/\//, '');
    const prometheus = await startPrometheus(binary, directory, target);
    cleanups.push(() => prometheus.stop());
    console.log(
      `emulator ${emulator.baseUrl} (${WORKERS} workers, TTFT ${TTFT_SPEC}); prometheus ${prometheus.url}`,
    );

    const startedMs = performance.now();
    const statuses = await drive(emulator.baseUrl, REQUESTS, CONCURRENCY);
    const seconds = (performance.now() - startedMs) / 1000;
    console.log(
      `sent ${REQUESTS} streams in ${seconds.toFixed(1)} s: ${JSON.stringify(Object.fromEntries(statuses))}`,
    );

    // Wait for a scrape that saw every request end (the counts are exact, so this is a check of its own). Both
    // counts are waited for: the newest scrape may predate the end of the run, and a stream's first token (the
    // TTFT count) comes before its end (the success count), so one scrape can hold all of the first and not yet
    // all of the second.
    const countQuery = 'sum(vllm:time_to_first_token_seconds_count{job="tokenpace"})';
    const successQuery = 'sum(vllm:request_success_total{job="tokenpace"})';
    let scraped = Number.NaN;
    let succeeded = Number.NaN;
    for (let attempt = 0; attempt < 40 && (scraped !== REQUESTS || succeeded !== REQUESTS); attempt++) {
      await sleep(500);
      scraped = await query(prometheus.url, countQuery);
      succeeded = await query(prometheus.url, successQuery);
    }
    const failures = [];
    const expectExact = (name, actual, expected) => {
      const ok = actual === expected;
      console.log(`${ok ? '✓' : '✗'} ${name}: ${actual} (expected ${expected})`);
      if (!ok) failures.push(name);
    };
    expectExact('streams answered 200', statuses.get(200) ?? 0, REQUESTS);
    expectExact('TTFT samples scraped', scraped, REQUESTS);
    expectExact('finished requests scraped', succeeded, REQUESTS);
    expectExact(
      'workers reporting event-loop utilisation',
      await query(prometheus.url, 'count(tokenpace_emulator_event_loop_utilization{job="tokenpace"})'),
      WORKERS,
    );

    // What the emulator says of its own timing: when observed TTFT runs above the configured one, this tells why.
    const latenessP99 = await query(
      prometheus.url,
      'histogram_quantile(0.99, sum by (le) (tokenpace_emulator_schedule_lateness_seconds_bucket{job="tokenpace",kind="token"}))',
    );
    const delayMax = await query(
      prometheus.url,
      'max(max_over_time(tokenpace_emulator_event_loop_delay_seconds{job="tokenpace",quantile="1"}[1h]))',
    );
    console.log(
      `emulator under this load: token lateness p99 ${(latenessP99 * 1000).toFixed(2)} ms, ` +
        `worst event-loop delay ${(delayMax * 1000).toFixed(1)} ms (a busy machine shows here first)`,
    );

    const rows = [];
    for (const [quantile, configuredS] of [
      [0.5, P50_S],
      [0.99, P99_S],
    ]) {
      const error = relativeError(quantile);
      for (const [metric, buckets] of [
        ['vllm:time_to_first_token_seconds', VLLM_TTFT_BUCKETS_S],
        ['tokenpace_emulator_ttft_observed_seconds', FINE_TTFT_BUCKETS_S],
        ['tokenpace_emulator_ttft_configured_seconds', FINE_TTFT_BUCKETS_S],
      ]) {
        const estimate = await query(
          prometheus.url,
          `histogram_quantile(${quantile}, sum by (le) (${metric}_bucket{job="tokenpace"}))`,
        );
        const slack = metric.endsWith('_configured_seconds') ? 0 : OVERHEAD_SLACK_S;
        const { lower, upper } = window(buckets, configuredS, error, slack);
        const ok = estimate >= lower && estimate <= upper;
        if (!ok) failures.push(`p${quantile * 100} of ${metric}`);
        rows.push({ quantile, configuredS, metric, estimate, lower, upper, ok });
      }
    }
    console.log(
      '\nquantile  configured  metric                                       estimate   accepted window',
    );
    for (const row of rows) {
      console.log(
        `${row.ok ? '✓' : '✗'} p${String(row.quantile * 100).padEnd(6)} ${row.configuredS.toFixed(3).padStart(8)} s  ` +
          `${row.metric.padEnd(44)} ${row.estimate.toFixed(4).padStart(8)} s  [${row.lower}, ${row.upper}] s`,
      );
    }
    console.log(
      `\nWindow: the configured percentile ± ${STANDARD_ERRORS} standard errors of a sample quantile of ${REQUESTS} ` +
        `draws (p50 ±${(100 * STANDARD_ERRORS * relativeError(0.5)).toFixed(1)} %, p99 ±${(100 * STANDARD_ERRORS * relativeError(0.99)).toFixed(1)} %), ` +
        `plus ${OVERHEAD_SLACK_S * 1000} ms of emulator overhead for observed TTFT, widened to the edges of the ` +
        'buckets it touches: histogram_quantile interpolates inside a bucket, so it cannot be more precise than that.',
    );
    // Every query of the shipped Grafana dashboard must be valid PromQL against these series.
    const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8'));
    const expressions = dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => target.expr),
    );
    let withData = 0;
    for (const expression of expressions) {
      const concrete = expression.replaceAll('$__rate_interval', '10s').replaceAll('$model_name', '.*');
      try {
        if (!Number.isNaN(await query(prometheus.url, concrete))) withData += 1;
      } catch (error) {
        failures.push(`dashboard query ${expression}: ${error instanceof Error ? error.message : error}`);
      }
    }
    console.log(
      `\ndashboard: ${expressions.length} queries valid PromQL, ${withData} with data under this load`,
    );
    if (failures.length > 0) {
      const configuredOk = rows.every((row) => row.ok || !row.metric.endsWith('_configured_seconds'));
      if (configuredOk && rows.some((row) => !row.ok)) {
        console.error(
          '\nThe configured TTFT came back through Prometheus within bounds, the observed one did not: the emulator ' +
            `ran late (token lateness p99 ${(latenessP99 * 1000).toFixed(1)} ms). Run the check on a quieter machine.`,
        );
      }
      console.error(`\nprometheus-check failed: ${failures.join('; ')}`);
      return EXIT.failed;
    }
    console.log('\nprometheus-check passed');
    return EXIT.passed;
  } catch (error) {
    console.error(`prometheus-check could not run: ${error instanceof Error ? error.message : error}`);
    return EXIT.cannotRun;
  } finally {
    clearTimeout(timeLimit);
    for (const cleanup of cleanups.reverse()) await cleanup();
    rmSync(directory, { recursive: true, force: true });
  }
}

process.exitCode = await main();
