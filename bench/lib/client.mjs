// The Go load client (bench/client): built once into .tools/bin, run as a separate, pinned process.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { exited, placement, spawnTracked } from './processes.mjs';
import { BENCH_DIR } from './stats.mjs';

const CLIENT_SOURCE_DIR = join(BENCH_DIR, 'client');
/** The extension's package the client reads through (kernel receive stamps). */
const KERNELSTAMP_DIR = join(BENCH_DIR, '..', 'packages', 'load', 'xk6', 'kernelstamp');
export const CLIENT_BINARY = join(BENCH_DIR, '..', '.tools', 'bin', 'tokenpace-bench-client');

function newestSourceMtimeMs() {
  return Math.max(
    ...[CLIENT_SOURCE_DIR, KERNELSTAMP_DIR].flatMap((directory) =>
      readdirSync(directory)
        .filter((name) => name.endsWith('.go') || name === 'go.mod' || name === 'go.sum')
        .map((name) => statSync(join(directory, name)).mtimeMs),
    ),
  );
}

let cachedGoVersion = null;

/** Version of the Go toolchain that builds the client, for the results. */
export function goVersion() {
  cachedGoVersion ??= execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
  return cachedGoVersion;
}

/** Builds the client when the binary is missing or older than its sources. */
export function ensureClient() {
  let binaryMtimeMs = 0;
  try {
    binaryMtimeMs = statSync(CLIENT_BINARY).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (binaryMtimeMs >= newestSourceMtimeMs()) return CLIENT_BINARY;
  mkdirSync(dirname(CLIENT_BINARY), { recursive: true });
  console.error(`building ${CLIENT_BINARY}`);
  execFileSync('go', ['build', '-trimpath', '-o', CLIENT_BINARY, '.'], {
    cwd: CLIENT_SOURCE_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return CLIENT_BINARY;
}

/**
 * Flags describing one request: URL, headers (name:value) and JSON body.
 * @param {{ url: string, headers?: Record<string, string | number>, body?: unknown, method?: string }} target
 */
export function targetFlags({ url, headers = {}, body, method }) {
  const flags = ['-url', url];
  if (method !== undefined) flags.push('-method', method);
  for (const [name, value] of Object.entries(headers)) flags.push('-header', `${name}:${value}`);
  if (body !== undefined) flags.push('-body', JSON.stringify(body));
  return flags;
}

function startClient(mode, flags) {
  ensureClient();
  const child = spawnTracked(CLIENT_BINARY, [mode, ...flags], {
    cpus: placement.clientCpus,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  return { child, lines };
}

/** Runs the client in `unary` or `stream` mode and resolves with its JSON result. */
export async function runClient(mode, flags) {
  const { child, lines } = startClient(mode, flags);
  child.stdin.end();
  let last = null;
  for await (const line of lines) last = line;
  const code = await exited(child);
  if (code !== 0 || last === null) throw new Error(`bench client ${mode} exited with ${code}`);
  return JSON.parse(last);
}

/**
 * Opens streams that wait (hold mode). `ready` resolves with the client's ready line once they are
 * open; `release()` closes them and resolves with the final result.
 */
export function holdStreams(flags) {
  const { child, lines } = startClient('hold', flags);
  const iterator = lines[Symbol.asyncIterator]();
  const nextJson = async () => {
    const { value, done } = await iterator.next();
    if (done) throw new Error(`bench client hold exited with ${await exited(child)}`);
    return JSON.parse(value);
  };
  const ready = nextJson();
  return {
    ready,
    async release() {
      child.stdin.end();
      const result = await nextJson();
      await exited(child);
      return result;
    },
  };
}
