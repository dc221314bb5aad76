#!/usr/bin/env node
// Runs the Python clients of today (the openai SDK, openai-agents, LangChain) against the emulator with pytest:
// a virtual environment under .tools/python-clients holds the pinned versions of
// packages/emulator/test/python/requirements.txt, installed once and again when that file changes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
let code = 1;
try {
  code = await run(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', TESTS], {
    env: { TOKENPACE_BASE_URL: emulator.baseUrl },
  });
} finally {
  await emulator.stop();
}
process.exit(code);
