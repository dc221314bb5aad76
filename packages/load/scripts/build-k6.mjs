#!/usr/bin/env node
// Builds k6 with the k6/x/tokenpace extension into .tools/bin/k6, as `xk6 build` would, from the Go main
// module committed in packages/load/k6. Skips the build when the binary was made from the same sources.
// Usage: node packages/load/scripts/build-k6.mjs [--force] [--quiet]
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The k6 that packages/load/k6/go.mod requires (go.k6.io/k6/v2), and the Go it needs (its go.mod's `go` line).
const K6_VERSION = 'v2.2.0';
const MINIMUM_GO = [1, 25];
const SCRIPT_PATH = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SCRIPT_PATH), '..', '..', '..');
const EXTENSION_DIR = join(ROOT, 'packages', 'load', 'xk6');
const MAIN_DIR = join(ROOT, 'packages', 'load', 'k6');
const BIN_DIR = join(ROOT, '.tools', 'bin');
const BINARY = join(BIN_DIR, process.platform === 'win32' ? 'k6.exe' : 'k6');
const STAMP = join(BIN_DIR, 'k6.stamp');

class BuildError extends Error {}

function goVersion() {
  const probe = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new BuildError(
      'Go is needed to build k6 with the tokenpace extension, and `go` was not found on PATH.\n' +
        `Install Go ${MINIMUM_GO.join('.')} or newer from https://go.dev/dl/ (or your package manager), then run this again.`,
    );
  }
  const version = probe.stdout.trim();
  const match = /^go(\d+)\.(\d+)/.exec(version);
  if (match === null) {
    // A development toolchain ("devel go1.27-abcd"): trust it rather than refuse.
    return version;
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major < MINIMUM_GO[0] || (major === MINIMUM_GO[0] && minor < MINIMUM_GO[1])) {
    throw new BuildError(
      `k6 ${K6_VERSION} needs Go ≥ ${MINIMUM_GO.join('.')}, and this is ${version}.\n` +
        'Install a newer Go from https://go.dev/dl/, or let Go fetch one: GOTOOLCHAIN=go1.25.0+auto.',
    );
  }
  return version;
}

/** Files that change the binary: the extension's non-test Go sources and module files, the main module, this script. */
function inputFiles() {
  const files = [];
  const walk = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'testdata' && !entry.name.startsWith('.')) walk(path);
      } else if (
        (entry.name.endsWith('.go') && !entry.name.endsWith('_test.go')) ||
        entry.name === 'go.mod' ||
        entry.name === 'go.sum'
      ) {
        files.push(path);
      }
    }
  };
  walk(EXTENSION_DIR);
  files.push(join(MAIN_DIR, 'go.mod'), join(MAIN_DIR, 'go.sum'), join(MAIN_DIR, 'main.go'), SCRIPT_PATH);
  return files.map((path) => relative(ROOT, path).split('\\').join('/')).sort();
}

function sourceHash(version) {
  const hash = createHash('sha256');
  hash.update(`${version}\0${process.platform}\0${process.arch}\0`);
  for (const file of inputFiles()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(ROOT, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function isUpToDate(hash) {
  return existsSync(BINARY) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash;
}

function run(command, args, options) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolvePromise(signal === null ? code : 1));
  });
}

async function build(hash) {
  mkdirSync(BIN_DIR, { recursive: true });
  // Build beside the target and rename, so an interrupted build never leaves a broken k6 behind.
  const partial = `${BINARY}.partial-${process.pid}`;
  console.log(
    `Building k6 ${K6_VERSION} with k6/x/tokenpace (a cold build downloads modules and takes minutes)…`,
  );
  const startedMs = performance.now();
  const code = await run('go', ['build', '-trimpath', '-o', partial, '.'], {
    cwd: MAIN_DIR,
    env: { ...process.env, CGO_ENABLED: '0' },
  });
  const elapsedSeconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  if (code !== 0) {
    rmSync(partial, { force: true });
    throw new BuildError(
      `go build failed (exit ${code}) after ${elapsedSeconds} s; its output is above.\n` +
        'If modules could not be downloaded, check GOPROXY/GOFLAGS (and GONOSUMDB/GOSUMDB behind a private proxy).',
    );
  }
  renameSync(partial, BINARY);
  writeFileSync(STAMP, `${hash}\n`);
  console.log(`Built ${relative(ROOT, BINARY)} in ${elapsedSeconds} s`);
}

function confirm() {
  const check = spawnSync(BINARY, ['version'], { encoding: 'utf8' });
  if (check.error || check.status !== 0) {
    rmSync(STAMP, { force: true });
    throw new BuildError(`The built binary does not run: ${check.error?.message ?? check.stderr.trim()}`);
  }
  console.log(check.stdout.trim());
}

try {
  const version = goVersion();
  const hash = sourceHash(version);
  if (!process.argv.includes('--force') && isUpToDate(hash)) {
    // --quiet: callers that run k6 right after (pnpm k6) keep k6's own output clean.
    if (!process.argv.includes('--quiet')) console.log('k6 is up to date');
    process.exit(0);
  }
  await build(hash);
  confirm();
} catch (error) {
  console.error(error instanceof BuildError ? `build-k6: ${error.message}` : error);
  process.exit(1);
}
