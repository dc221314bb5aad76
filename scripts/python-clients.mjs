#!/usr/bin/env node
// Runs the Python clients of today (the openai SDK, openai-agents, LangChain) against the emulator with pytest:
// a virtual environment under .tools/python-clients holds the pinned versions of
// packages/emulator/test/python/requirements.txt, installed once and again when that file changes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run, runOrExit, startEmulator } from './lib/processes.mjs';

const TESTS = join(ROOT, 'packages', 'emulator', 'test', 'python');
const REQUIREMENTS = join(TESTS, 'requirements.txt');
const VENV = join(ROOT, '.tools', 'python-clients');
const PYTHON = join(VENV, 'bin', 'python');
const STAMP = join(VENV, 'requirements.sha256');

const wanted = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
if (!existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== wanted) {
  if (!existsSync(PYTHON)) await runOrExit('python3', ['-m', 'venv', VENV]);
  await runOrExit(PYTHON, [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '-r',
    REQUIREMENTS,
  ]);
  writeFileSync(STAMP, wanted);
}

// One worker: the clients' requests and the test process share this machine's two cores.
const emulator = await startEmulator({
  logFile: join(ROOT, 'out', 'python-clients', 'emulator.log'),
  args: ['--workers', '1'],
});
const results = join(ROOT, 'out', 'python-clients', 'test-results');
mkdirSync(results, { recursive: true });
const junit = join(results, 'pytest.xml');
let code = 1;
try {
  code = await run(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', `--junitxml=${junit}`, TESTS], {
    env: { TOKENPACE_BASE_URL: emulator.baseUrl },
  });
} finally {
  await emulator.stop();
}
// The counts for scripts/test-summary.mjs, from pytest's JUnit report.
if (existsSync(junit)) {
  const suite = /<testsuite [^>]*>/.exec(readFileSync(junit, 'utf8'))?.[0] ?? '';
  const count = (name) => Number(new RegExp(`${name}="(\\d+)"`).exec(suite)?.[1] ?? 0);
  const failed = count('failures') + count('errors');
  const skipped = count('skipped');
  writeFileSync(
    join(results, 'pytest.json'),
    JSON.stringify({ passed: count('tests') - failed - skipped, failed, skipped }),
  );
}
process.exit(code);
