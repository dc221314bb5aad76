import cluster from 'node:cluster';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { helpText } from './cli-help.js';
import type { RunningPrimary } from './cluster/primary.js';
import { ConfigError } from './config/config-error.js';
import { SETTING_OPTIONS } from './config/config-options.js';
import type { EmulatorConfig } from './config/config-schema.js';
import { loadConfigAndSettings } from './config/load-config.js';
import { printConfig } from './config/print-config.js';
import { loadRuleModules } from './scripted/rule-modules.js';
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
 * then serves as a worker and prints nothing. The server modules load only where they serve, keeping the
 * primary light.
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
  let config: EmulatorConfig;
  try {
    const resolved = loadConfigAndSettings({ flags, env: io.env });
    if (flags['print-config'] === true) {
      io.stdout.write(printConfig(resolved.settings));
      return { exitCode: 0 };
    }
    config = resolved.config;
    // Rule modules are imported here, so that one that fails is a configuration error like any other.
    await loadRuleModules(config.scripted.rules);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return { exitCode: USAGE_EXIT_CODE };
  }
  if (cluster.isWorker) {
    const { parseWorkerPlace, runWorker, WORKER_COUNT_ENV, WORKER_INDEX_ENV } = await import(
      './cluster/worker.js'
    );
    const place = parseWorkerPlace({ index: io.env[WORKER_INDEX_ENV], count: io.env[WORKER_COUNT_ENV] });
    return { exitCode: 0, server: await runWorker(config, place) };
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
