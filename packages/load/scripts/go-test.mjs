#!/usr/bin/env node
// Vets and tests the k6 extension's Go module and the benchmark client (bench/client, which reads with the
// extension's kernelstamp package), printing go's package lines (and the output of any failing or skipped
// test), and writes the pass/fail counts to test-results/go.json for the repo's test summary.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const moduleDirs = [join(packageDir, 'xk6'), join(packageDir, '..', '..', 'bench', 'client')];
const counts = { passed: 0, failed: 0, skipped: 0 };
let code = 0;
for (const moduleDir of moduleDirs) {
  const vet = spawnSync('go', ['vet', './...'], { cwd: moduleDir, stdio: 'inherit' });
  if (vet.error) {
    console.error(`go is needed to test the k6 extension (Go ≥ 1.25): ${vet.error.message}`);
    process.exit(1);
  }
  if (vet.status !== 0) process.exit(vet.status ?? 1);
  code = Math.max(code, await goTest(moduleDir));
}

/** Runs one module's tests, adding to `counts`; resolves to go test's exit code. */
async function goTest(moduleDir) {
  const child = spawn('go', ['test', '-json', '-count=1', './...'], {
    cwd: moduleDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const outputByTest = new Map();
  for await (const line of createInterface({ input: child.stdout })) {
    let event;
    try {
      event = JSON.parse(line);
    } catch {
      console.log(line); // build errors come as plain text
      continue;
    }
    const key = `${event.Package} ${event.Test ?? ''}`;
    if (event.Action === 'output') {
      if (event.Test === undefined) process.stdout.write(event.Output);
      else outputByTest.set(key, (outputByTest.get(key) ?? '') + event.Output);
    } else if (event.Test !== undefined && ['pass', 'fail', 'skip'].includes(event.Action)) {
      // A failure shows its output; a skip shows its reason (t.Skip's message).
      if (event.Action !== 'pass') process.stdout.write(outputByTest.get(key) ?? '');
      counts[{ pass: 'passed', fail: 'failed', skip: 'skipped' }[event.Action]] += 1;
      outputByTest.delete(key);
    }
  }
  return new Promise((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
}
mkdirSync(join(packageDir, 'test-results'), { recursive: true });
writeFileSync(join(packageDir, 'test-results', 'go.json'), `${JSON.stringify(counts)}\n`);
console.log(`go: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(code);
