import cluster from 'node:cluster';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { helpText } from './cli-help.js';
import { WORKER_COUNT_ENV, WORKER_INDEX_ENV } from './cluster/cluster-names.js';
import { earlyLogLevel, earlyWorkerCount } from './cluster/early-workers.js';
import type { LaunchingPrimary, RunningPrimary } from './cluster/primary.js';
import { ConfigError } from './config/config-error.js';
import { SETTING_OPTIONS } from './config/config-options.js';
import type { EmulatorConfig } from './config/config-schema.js';
import type { RunningServer } from './server.js';

/** Exit code for a usage or configuration error, as with most CLIs. */
export const USAGE_EXIT_CODE = 2;

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
}

export interface CliOutcome {
  exitCode: number;
  /** The running server, when the command started one in this process (one worker, or a cluster worker). */
  server?: RunningServer;
  /** The primary of a multi-process server (`--workers` above 1); the process ends when it has exited. */
  primary?: RunningPrimary;
}

const FLAG_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'print-config': { type: 'boolean' },
  ...Object.fromEntries(
    SETTING_OPTIONS.map(
      (option) => [option.flag, { type: option.kind === 'boolean' ? 'boolean' : 'string' }] as const,
    ),
  ),
};

/**
 * The command line: parses flags, loads the configuration (printing every problem on failure), starts the
 * server and prints `tokenpace emulator listening on <url>` with the real port once it listens. With more than
 * one worker, this process becomes the primary of a cluster, and each worker runs this same command, which
 * then serves as a worker and prints nothing (the primary reports configuration problems). Modules load only
 * where they are needed: the primary never loads the server, and when the worker count is known from the
 * flags or environment it forks the workers before loading the configuration, so that both load at once.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  options: { handleSignals: boolean },
): Promise<CliOutcome> {
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({ args: [...argv], options: FLAG_OPTIONS, strict: true, allowPositionals: false })
      .values as Record<string, string | boolean | undefined>;
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\nRun with --help to see the options.\n`);
    return { exitCode: USAGE_EXIT_CODE };
  }
  if (flags.help === true) {
    io.stdout.write(helpText());
    return { exitCode: 0 };
  }
  let launching: LaunchingPrimary | null = null;
  if (!cluster.isWorker && flags['print-config'] !== true) {
    const workerCount = earlyWorkerCount(flags, io.env);
    if (workerCount !== null && workerCount > 1) {
      const { forkWorkers } = await import('./cluster/primary.js');
      launching = forkWorkers(workerCount, earlyLogLevel(flags, io.env), io);
    }
  }
  let config: EmulatorConfig;
  try {
    const { loadConfigAndSettings } = await import('./config/load-config.js');
    const resolved = loadConfigAndSettings({ flags, env: io.env });
    if (flags['print-config'] === true) {
      const { printConfig } = await import('./config/print-config.js');
      io.stdout.write(printConfig(resolved.settings));
      return { exitCode: 0 };
    }
    config = resolved.config;
    // Rule modules are imported here, so that one that fails is a configuration error like any other.
    const { loadRuleModules } = await import('./scripted/rule-modules.js');
    await loadRuleModules(config.scripted.rules);
  } catch (error) {
    await launching?.abort();
    if (!(error instanceof ConfigError)) throw error;
    // A worker's configuration is the primary's, which reports it once.
    if (!cluster.isWorker) io.stderr.write(`${error.message}\n`);
    return { exitCode: USAGE_EXIT_CODE };
  }
  if (cluster.isWorker) {
    const { parseWorkerPlace, runWorker } = await import('./cluster/worker.js');
    const place = parseWorkerPlace({ index: io.env[WORKER_INDEX_ENV], count: io.env[WORKER_COUNT_ENV] });
    return { exitCode: 0, server: await runWorker(config, place) };
  }
  if (launching !== null) {
    const primary = await launching.configure(config);
    io.stdout.write(`tokenpace emulator listening on ${primary.url}\n`);
    return { exitCode: 0, primary };
  }
  if (config.workers > 1) {
    const { runPrimary } = await import('./cluster/primary.js');
    const primary = await runPrimary(config, io);
    io.stdout.write(`tokenpace emulator listening on ${primary.url}\n`);
    return { exitCode: 0, primary };
  }
  const { startServer } = await import('./server.js');
  const server = await startServer(config, { handleSignals: options.handleSignals });
  io.stdout.write(`tokenpace emulator listening on ${server.url}\n`);
  return { exitCode: 0, server };
}
