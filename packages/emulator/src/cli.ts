#!/usr/bin/env node
import { runCli } from './cli-main.js';

runCli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env },
  { handleSignals: true },
)
  .then(async (outcome) => {
    if (outcome.exitCode !== 0) process.exitCode = outcome.exitCode;
    if (outcome.primary !== undefined) process.exit(await outcome.primary.exited);
  })
  .catch((error: unknown) => {
    process.stderr.write(`tokenpace emulator failed to start: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
