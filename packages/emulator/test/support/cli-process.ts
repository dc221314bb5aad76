import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const REGISTER_TS = fileURLToPath(new URL('./register-ts.mjs', import.meta.url));
const CLI_SOURCE = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
/** The CLI as users run it: the one-file bundle the build writes (`bin`, `pnpm emulator`, the benchmarks). */
export const BUNDLED_CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const BANNER = /tokenpace emulator listening on (http:\/\/\S+)/;

export interface CliProcess {
  child: ChildProcess;
  /** The URL of the banner line, once printed. */
  url: Promise<string>;
  /** Exit code and signal, once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  /** Resolves once stdout so far satisfies `condition`, checked on every chunk; rejects if the process exits first. */
  stdoutUntil(condition: (stdout: string) => boolean): Promise<void>;
  stderr(): string;
  /** JSON log lines printed so far. */
  logLines(): Record<string, unknown>[];
}

/**
 * Runs the emulator's CLI from source in a real process (`node --import register-ts.mjs src/cli.ts`), so that
 * signals, exit codes and workers are tested as users meet them; `from: 'bundle'` runs the built bundle
 * instead. Loopback only, an ephemeral port by default.
 */
export function spawnCli(
  args: readonly string[],
  env: Record<string, string> = {},
  from: 'source' | 'bundle' = 'source',
): CliProcess {
  const entry = from === 'source' ? ['--import', REGISTER_TS, CLI_SOURCE] : [BUNDLED_CLI];
  const child = spawn(process.execPath, [...entry, '--host', '127.0.0.1', '--port', '0', ...args], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = new Promise<string>((resolve, reject) => {
    const onData = (): void => {
      const match = BANNER.exec(stdout);
      if (match?.[1] === undefined) return;
      child.stdout?.off('data', onData);
      resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    void exited.then(({ code, signal }) =>
      reject(new Error(`the CLI exited (${code ?? signal}) before listening:\n${stdout}\n${stderr}`)),
    );
  });
  // A process that is meant to fail never listens; its rejected URL is only an error to those who await it.
  url.catch(() => {});
  const stdoutUntil = (condition: (text: string) => boolean): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const onData = (): void => {
        if (!condition(stdout)) return;
        child.stdout?.off('data', onData);
        resolve();
      };
      child.stdout?.on('data', onData);
      onData();
      void exited.then(({ code, signal }) => {
        child.stdout?.off('data', onData);
        if (condition(stdout)) resolve();
        else
          reject(
            new Error(`the CLI exited (${code ?? signal}) before its output matched:\n${stdout}\n${stderr}`),
          );
      });
    });
  return {
    child,
    url,
    exited,
    stdout: () => stdout,
    stdoutUntil,
    stderr: () => stderr,
    // Only whole lines: a line still being written would not parse.
    logLines: () =>
      stdout
        .slice(0, stdout.lastIndexOf('\n') + 1)
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** Kills `cli` if it is still running (cleanup after a failed test). */
export function killCli(cli: CliProcess): void {
  if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
}
