#!/usr/bin/env node
// Checks the Go modules (the k6 extension, the k6 build module, the benchmark client, the reference sender) the
// way Go's own tools would: gofmt must list no file and go vet must pass in every module. With --race it also runs every module's
// tests under the race detector, which needs cgo and takes minutes on a cold build cache, so the plain test
// command leaves it to CI (.ci/run).
//
//   node scripts/go-checks.mjs          gofmt -l and go vet
//   node scripts/go-checks.mjs --race   and go test -race -count=1 ./...
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './lib/processes.mjs';

const MODULES = ['packages/load/xk6', 'packages/load/k6', 'bench/client', 'bench/refsender'];
const race = process.argv.includes('--race');

function go(args, moduleDir, options = {}) {
  const result = spawnSync(args[0], args.slice(1), {
    cwd: join(ROOT, moduleDir),
    encoding: 'utf8',
    stdio: ['ignore', options.capture ? 'pipe' : 'inherit', 'inherit'],
  });
  if (result.error) {
    console.error(`go-checks: ${args[0]} is needed (Go ≥ 1.25): ${result.error.message}`);
    process.exit(2);
  }
  return result;
}

let failed = false;
for (const moduleDir of MODULES) {
  const unformatted = go(['gofmt', '-l', '.'], moduleDir, { capture: true }).stdout.trim();
  if (unformatted !== '') {
    failed = true;
    console.error(
      `go-checks: gofmt would change, in ${moduleDir}:\n  ${unformatted.split('\n').join('\n  ')}`,
    );
    console.error(`  fix: (cd ${moduleDir} && gofmt -w .)`);
  }
  if (go(['go', 'vet', './...'], moduleDir).status !== 0) {
    failed = true;
    console.error(`go-checks: go vet failed in ${moduleDir}`);
  }
  if (race && go(['go', 'test', '-race', '-count=1', './...'], moduleDir).status !== 0) {
    failed = true;
    console.error(`go-checks: go test -race failed in ${moduleDir}`);
  }
}
console.log(
  `go-checks: ${failed ? 'failed' : 'passed'} (gofmt, go vet${race ? ', go test -race' : ''}) in ${MODULES.join(', ')}`,
);
process.exit(failed ? 1 : 0);
