#!/usr/bin/env node
// Makes a fresh clone ready: installs the pinned dependencies, then builds k6 with the tokenpace extension
// (skipped with --no-k6). Idempotent and quick when nothing changed.
import { join } from 'node:path';
import { pnpmCommand, ROOT, runOrExit } from './lib/processes.mjs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 18)) {
  console.error(`tokenpace needs Node ≥ 20.18 (this is ${process.version}).`);
  process.exit(1);
}

const pnpm = pnpmCommand();
const install = ['install', '--frozen-lockfile', '--prefer-offline'];
if (process.env.CI !== 'true') install.push('--reporter=silent');
await runOrExit(pnpm.command, [...pnpm.args, ...install]);

if (!process.argv.includes('--no-k6')) {
  await runOrExit(process.execPath, [join(ROOT, 'packages', 'load', 'scripts', 'build-k6.mjs')]);
}
