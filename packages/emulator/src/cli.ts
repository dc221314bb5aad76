#!/usr/bin/env node
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { helpText } from './cli-help.js';
import { ConfigError } from './config/config-error.js';
import { SETTING_OPTIONS } from './config/config-options.js';
import { loadConfig } from './config/load-config.js';
import { startServer } from './server.js';

/** Exit code for a usage or configuration error, as with most CLIs. */
const USAGE_EXIT_CODE = 2;

const FLAG_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  ...Object.fromEntries(
    SETTING_OPTIONS.map(
      (option) => [option.flag, { type: option.kind === 'boolean' ? 'boolean' : 'string' }] as const,
    ),
  ),
};

async function main(argv: readonly string[]): Promise<void> {
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({ args: [...argv], options: FLAG_OPTIONS, strict: true, allowPositionals: false })
      .values as Record<string, string | boolean | undefined>;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nRun with --help to see the options.\n`);
    process.exitCode = USAGE_EXIT_CODE;
    return;
  }
  if (flags.help === true) {
    process.stdout.write(helpText());
    return;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ flags, env: process.env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = USAGE_EXIT_CODE;
    return;
  }
  const server = await startServer(config, { handleSignals: true });
  process.stdout.write(`tokenpace emulator listening on ${server.url}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`tokenpace emulator failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
