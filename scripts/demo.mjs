#!/usr/bin/env node
// The main job: start the emulator, run the comprehensive k6 scenario against it, print the HDR report.
// Settings come from the environment (DURATION, VUS, …: see scenarios/comprehensive.ts).
import { join } from 'node:path';
import { REPORT_CLI, ROOT, run, runK6, startEmulator } from './lib/processes.mjs';

const outDir = join(ROOT, 'out', 'demo');
const samples = join(outDir, 'comprehensive.ndjson.gz');

// k6 runs on the same machine: one emulator worker leaves it a core (the emulator's default is one per core).
const emulator = await startEmulator({ logFile: join(outDir, 'emulator.log'), args: ['--workers', '1'] });
console.log(`emulator: ${emulator.baseUrl} (log: out/demo/emulator.log)`);
let k6Code;
try {
  k6Code = await runK6(join(ROOT, 'scenarios', 'comprehensive.ts'), {
    env: { BASE_URL: emulator.baseUrl, DURATION: process.env.DURATION ?? '10s' },
    args: ['--quiet', '--out', `json=${samples}`],
  });
} finally {
  await emulator.stop();
}

const reportCode = await run(process.execPath, [REPORT_CLI, samples, '--out-dir', join(outDir, 'report')]);
console.log('\nHTML report: out/demo/report/report.html');
process.exit(k6Code !== 0 ? k6Code : reportCode);
