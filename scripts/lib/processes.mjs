// Child processes for the repo scripts: pnpm, the emulator, k6 and the report. No dependencies, Node ≥ 20.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const K6_BINARY = join(ROOT, '.tools', 'bin', 'k6');
export const EMULATOR_CLI = join(ROOT, 'packages', 'emulator', 'dist', 'cli.js');
export const REPORT_CLI = join(ROOT, 'packages', 'load', 'dist', 'report', 'cli.js');

/** The pnpm that runs this script (when started by pnpm), else the version pinned in package.json via npx. */
export function pnpmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return { command: process.execPath, args: [execPath] };
  const { packageManager } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return { command: 'npx', args: ['--yes', packageManager] };
}

/** Runs a command with inherited stdio; resolves with its exit code. */
export function run(command, args, { env = {}, cwd = ROOT } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 128 : 1)));
  });
}

export async function runOrExit(command, args, options) {
  const code = await run(command, args, options);
  if (code !== 0) {
    console.error(`\n✗ ${[command, ...args].join(' ')} exited with ${code}`);
    process.exit(code);
  }
}

/** k6 with the settings every run of ours wants: no usage report, no network lookup of extensions. */
export function runK6(script, { env = {}, args = [] } = {}) {
  return run(K6_BINARY, ['run', ...args, script], {
    env: { K6_NO_USAGE_REPORT: 'true', K6_AUTO_EXTENSION_RESOLUTION: 'false', ...env },
  });
}

/**
 * Starts the emulator on an ephemeral loopback port and resolves once it listens.
 * Its output goes to `logFile`, so the console shows only what the user asked for.
 */
export function startEmulator({ logFile, args = [] }) {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [EMULATOR_CLI, '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(log);
  return new Promise((resolvePromise, reject) => {
    let buffered = '';
    const timeout = setTimeout(
      () => fail(new Error(`the emulator did not start within 15 s (see ${logFile})`)),
      15_000,
    );
    function fail(error) {
      clearTimeout(timeout);
      child.kill('SIGKILL');
      reject(error);
    }
    child.on('error', fail);
    child.on('exit', (code) =>
      fail(new Error(`the emulator exited with ${code} before listening (see ${logFile})`)),
    );
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      buffered += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(buffered);
      if (!match) return;
      clearTimeout(timeout);
      child.removeAllListeners('exit');
      child.stdout.removeAllListeners('data');
      child.stdout.pipe(log);
      const stop = () =>
        new Promise((resolveStop) => {
          if (child.exitCode !== null) return resolveStop(child.exitCode);
          child.once('exit', (code) => resolveStop(code));
          child.kill('SIGTERM');
        });
      process.once('exit', () => child.kill('SIGKILL'));
      resolvePromise({ baseUrl: match[1].replace(/\/$/, ''), stop });
    });
  });
}
