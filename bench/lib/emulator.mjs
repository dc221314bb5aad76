// Starting the emulator under test, and the requests the benchmarks send it.

import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, placement, spawnTracked, stopChild } from './processes.mjs';
import { BENCH_DIR } from './stats.mjs';

const REPO_DIR = join(BENCH_DIR, '..');
const BUILD_HINT = 'build it first: npx turbo run build --filter=@tokenpace/emulator...';

/** The CLI under test; EMULATOR_CLI points the benchmarks at another build. */
export const EMULATOR_CLI =
  process.env.EMULATOR_CLI ?? join(REPO_DIR, 'packages', 'emulator', 'dist', 'cli.js');

const PROTOCOL_MODULE = join(REPO_DIR, 'packages', 'core', 'dist', 'protocol.js');
if (!existsSync(PROTOCOL_MODULE)) throw new Error(`${PROTOCOL_MODULE} is missing; ${BUILD_HINT}`);
/** Header names and caps, from the one place that defines them. */
export const protocol = await import(pathToFileURL(PROTOCOL_MODULE).href);

/**
 * Log level the benchmarks run the emulator at. `warn` drops the one-line-per-request log, the setting
 * a load test would use; LOG_LEVEL=info measures the default.
 */
export const EMULATOR_LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';

/** Timing headers for one request. */
export function timingHeaders({ ttftMs, itlMs, outputLength }) {
  return {
    [protocol.HEADER_TTFT_MS]: ttftMs,
    [protocol.HEADER_ITL_MS]: itlMs,
    [protocol.HEADER_OUTPUT_LENGTH]: outputLength,
  };
}

export const BENCH_MODEL = 'gpt-4o-mini';

/** A short chat request; the prompt is fixed so prompt counting costs the same on every request. */
export function chatBody({ stream }) {
  return {
    model: BENCH_MODEL,
    messages: [{ role: 'user', content: 'Write a short answer for the benchmark.' }],
    stream,
  };
}

/** One HTTP request over a fresh connection; resolves with status, headers and body. */
export function httpRequest(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const outgoing = request(
      url,
      {
        method,
        agent: false,
        headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/**
 * The commit the emulator and core were built from, with "+changes" when their sources differ from it,
 * so each result says which emulator it measured.
 */
export function emulatorRevision() {
  try {
    const paths = ['packages/emulator/src', 'packages/core/src'];
    const git = (args) => execFileSync('git', args, { cwd: REPO_DIR, encoding: 'utf8' }).trim();
    const commit = git(['log', '-1', '--format=%h', '--', ...paths]);
    const changed = git(['status', '--porcelain', '--', ...paths]) !== '';
    return changed ? `${commit}+changes` : commit;
  } catch {
    return 'unknown';
  }
}

/**
 * Server processes the emulator runs (`--workers`). One by default: the benchmarks measure one process on
 * one CPU, and on a small machine more workers would take the load client's CPU. WORKERS=N changes it
 * (with PIN=0, or the workers share the server's single CPU).
 */
export const EMULATOR_WORKERS = process.env.WORKERS ?? '1';

/** Extra emulator flags for every run, e.g. EMULATOR_ARGS="--precision-window-ms 0". */
export const EMULATOR_ARGS = [
  '--workers',
  EMULATOR_WORKERS,
  ...(process.env.EMULATOR_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
];

/**
 * Node flags for the emulator process: with PROFILE_DIR set, each emulator writes a CPU profile there
 * when it exits (summarize it with bench/profile-summary.mjs).
 */
export function emulatorNodeArgs() {
  const profileDir = process.env.PROFILE_DIR;
  return profileDir === undefined || profileDir === '' ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir];
}

/** How long a stopping emulator may take before SIGKILL: writing a large CPU profile takes seconds. */
export function stopGraceMs() {
  return emulatorNodeArgs().length > 0 ? 60_000 : 3000;
}

const READY_TIMEOUT_MS = 20_000;
const READY_POLL_MS = 5;

/**
 * Polls `url` until it answers 200. Rejects when `child` exits first or after the timeout; `describe`
 * adds context (e.g. the server's log) to the error.
 */
export async function waitUntilServing(url, child, describe = () => '', requestOptions = {}) {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${url}: server exited with ${child.exitCode ?? child.signalCode}\n${describe()}`);
    }
    try {
      if ((await httpRequest(url, requestOptions)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) {
      throw new Error(`${url}: no 200 within ${READY_TIMEOUT_MS} ms\n${describe()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
}

/**
 * Starts the emulator on a free loopback port (pinned to the server CPU) and waits until `/health`
 * answers 200. Its log goes to a file, quoted when it fails to start.
 */
export async function startEmulator({ extraArgs = [], nodeArgs = [], logLevel = EMULATOR_LOG_LEVEL } = {}) {
  if (!existsSync(EMULATOR_CLI)) throw new Error(`${EMULATOR_CLI} is missing; ${BUILD_HINT}`);
  const port = await freePort();
  const logFile = join(mkdtempSync(join(tmpdir(), 'tokenpace-bench-')), 'emulator.log');
  const logFd = openSync(logFile, 'w');
  const child = spawnTracked(
    process.execPath,
    [
      ...emulatorNodeArgs(),
      ...nodeArgs,
      EMULATOR_CLI,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--log-level',
      logLevel,
      ...EMULATOR_ARGS,
      ...extraArgs,
    ],
    { cpus: placement.serverCpus, stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(`${baseUrl}/health`, child, () => readFileSync(logFile, 'utf8'));
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    pid: child.pid,
    baseUrl,
    chatUrl: `${baseUrl}/v1/chat/completions`,
    logFile,
    /** The emulator's own account of its lateness (GET /stats), or null when it has none. */
    async stats() {
      const response = await httpRequest(`${baseUrl}/stats`);
      return response.status === 200 ? JSON.parse(response.body.toString('utf8')) : null;
    },
    /** Clears the emulator's lateness histogram (`POST /stats/reset`), so that `stats()` covers what follows. */
    async resetStats() {
      const response = await httpRequest(`${baseUrl}/stats/reset`, { method: 'POST' });
      if (response.status !== 200) throw new Error(`POST /stats/reset answered ${response.status}`);
    },
    stop: () => stopChild(child, stopGraceMs()),
  };
}
