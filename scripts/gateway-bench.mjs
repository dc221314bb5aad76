#!/usr/bin/env node
// `pnpm gateway-bench`: the same seeded load sent straight to the emulator and through each gateway under test
// (nginx, the zero-logic baseline, and LiteLLM proxy), interleaved in rounds so that a slow minute of the
// machine falls on every target alike; then one side-by-side table — direct, through each gateway, and what
// each adds at p50/p90/p99/p99.9 for TTFT, ITL and e2e, with errors — attributed per token with the emulator's
// ground truth and guarded against a saturated emulator or client, plus the HTML page of the curves.
//
// Settings (environment): GATEWAYS=nginx,litellm  ROUNDS=2  RATES=20  STEP_DURATION=10s  MIX=chat_stream:1
// TTFT_MS=50  ITL_MS=10  OUTPUT_TOKENS=32  PROMPT_WORDS=32  BUDGET_MS (exit 1 when a gateway adds more at p99).
//
// --check: a short run (one round of 5 s at 5 requests a second unless set) that fails unless every request
// through every gateway succeeded and was joined with the ground truth, the timing headers reached the emulator
// through LiteLLM, and nginx passed tokens on one by one (its recipe's buffering settings work).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureLitellm,
  ensureNginx,
  freePort,
  LITELLM_MASTER_KEY,
  pinned,
  startLitellm,
  startNginx,
  startProcess,
  waitUntilReady,
} from './lib/gateways.mjs';
import { probeLitellm, renderLitellmOverhead } from './lib/litellm-overhead.mjs';
import { EMULATOR_CLI, K6_BINARY, REPORT_CLI, ROOT, run } from './lib/processes.mjs';

const CHECK = process.argv.includes('--check');
const setting = (name, fallback) => process.env[name] || fallback;
const GATEWAYS = setting('GATEWAYS', 'nginx,litellm')
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name !== '');
for (const name of GATEWAYS) {
  if (name !== 'nginx' && name !== 'litellm') {
    console.error(`GATEWAYS: unknown gateway ${JSON.stringify(name)}; use nginx, litellm or both`);
    process.exit(2);
  }
}
const ROUNDS = Number(setting('ROUNDS', CHECK ? '1' : '2'));
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error(`ROUNDS=${process.env.ROUNDS}: expected a whole number ≥ 1`);
  process.exit(2);
}
const LOAD = {
  RATES: setting('RATES', CHECK ? '5' : '20'),
  STEP_DURATION: setting('STEP_DURATION', CHECK ? '5s' : '10s'),
  MIX: setting('MIX', 'chat_stream:1'),
  TTFT_MS: setting('TTFT_MS', '50'),
  ITL_MS: setting('ITL_MS', '10'),
  OUTPUT_TOKENS: setting('OUTPUT_TOKENS', '32'),
  PROMPT_WORDS: setting('PROMPT_WORDS', '32'),
  WARMUP_ROUNDS: '2',
};
// The emulator on one core, the client and the gateways on the other (when there are two).
const EMULATOR_CPU = 0;
const LOAD_CPU = 1;

const outDir = join(ROOT, 'out', 'gateway-bench');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const groundTruth = join(outDir, 'ground-truth.jsonl');

try {
  if (GATEWAYS.includes('nginx')) ensureNginx();
  if (GATEWAYS.includes('litellm')) ensureLitellm();
} catch (error) {
  console.error(`✗ gateway-bench: ${error.message}`);
  process.exit(1);
}

const started = [];
async function stopAll() {
  // Gateways first, the emulator last: its ground truth is complete once it has closed.
  for (const entry of started.reverse()) await entry.stop();
  started.length = 0;
}
process.once('SIGINT', () => stopAll().then(() => process.exit(130)));

let failed = false;
let overloaded = false;
const outputs = new Map([['direct', []]]);
let litellmProbes = [];
try {
  const emulatorLog = join(outDir, 'emulator.log');
  const emulatorPort = await freePort();
  const emulatorCommand = pinned(EMULATOR_CPU, process.execPath, [
    EMULATOR_CLI,
    '--port',
    String(emulatorPort),
    '--workers',
    '1',
    '--ground-truth-log',
    groundTruth,
    '--config',
    join(ROOT, 'examples', 'gateways', 'emulator-profiles.yaml'),
  ]);
  const emulator = startProcess({ ...emulatorCommand, logFile: emulatorLog });
  started.push(emulator);
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  await waitUntilReady(`${emulatorUrl}/health`, {
    timeoutMs: 30_000,
    exited: emulator.exited,
    logFile: emulatorLog,
  });

  const targets = [{ name: 'direct', baseUrl: emulatorUrl, env: {} }];
  for (const name of GATEWAYS) {
    const start = name === 'nginx' ? startNginx : startLitellm;
    const gateway = await start({ emulatorPort, workDir: outDir, cpu: LOAD_CPU });
    started.push(gateway.process);
    targets.push(gateway);
    outputs.set(name, []);
    console.log(`${name}: ${gateway.baseUrl} (pid ${gateway.process.pid})`);
  }

  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts at a different target: no target always runs first, on a cold path, or last.
    const order = targets.map((_, index) => targets[(index + round) % targets.length]);
    for (const target of order) {
      const output = join(outDir, `${target.name}.round${round + 1}.ndjson.gz`);
      console.log(`round ${round + 1}/${ROUNDS}: ${target.name}`);
      const k6 = pinned(LOAD_CPU, K6_BINARY, [
        'run',
        '--quiet',
        '--summary-mode=disabled',
        '--address',
        '',
        '--out',
        `json=${output}`,
        ...Object.entries({
          ...LOAD,
          BASE_URL: target.baseUrl,
          RUN_ID: `${target.name}-r${round + 1}`,
          ...target.env,
        }).flatMap(([name, value]) => ['-e', `${name}=${value}`]),
        join(ROOT, 'scenarios', 'gateway.ts'),
      ]);
      const code = await run(k6.command, k6.args, {
        env: { K6_NO_USAGE_REPORT: 'true', K6_AUTO_EXTENSION_RESOLUTION: 'false' },
      });
      // 99: a threshold crossed — here, iterations dropped: the target could not take the offered rate. The
      // run is still measured and reported, and the benchmark exits 1.
      if (code === 99) {
        console.error(`✗ ${target.name}: k6 dropped iterations, the offered rate was not held`);
        overloaded = true;
      } else if (code !== 0) {
        console.error(`✗ k6 against ${target.name} exited with ${code}`);
        failed = true;
      }
      outputs.get(target.name).push(output);
    }
  }

  const litellm = targets.find((target) => target.name === 'litellm');
  if (litellm !== undefined) {
    litellmProbes = await probeLitellm(litellm.baseUrl, {
      count: 40,
      apiKey: LITELLM_MASTER_KEY,
      model: 'gpt-4o-mini',
      headers: { 'x-ttft-ms': LOAD.TTFT_MS, 'x-itl-ms': LOAD.ITL_MS, 'x-output-length': '8' },
    });
  }
} catch (error) {
  console.error(`✗ gateway-bench: ${error instanceof Error ? error.message : String(error)}`);
  failed = true;
} finally {
  await stopAll();
}

if (!failed) {
  const labels = [...outputs.keys()];
  const reportCode = await run(process.execPath, [
    REPORT_CLI,
    '--compare',
    ...labels.map((label) => outputs.get(label).join(',')),
    '--labels',
    labels.join(','),
    '--ground-truth',
    groundTruth,
    '--out-dir',
    join(outDir, 'report'),
    ...(process.env.BUDGET_MS ? ['--budget-ms', process.env.BUDGET_MS] : []),
  ]);
  if (litellmProbes.length > 0) console.log(`\n${renderLitellmOverhead(litellmProbes, groundTruth)}`);
  if (reportCode !== 0) failed = true;
  if (CHECK) {
    const problems = checkRun(join(outDir, 'report', 'compare.json'));
    for (const problem of problems) console.error(`✗ ${problem}`);
    if (problems.length === 0)
      console.log(`\n✓ gateway-bench --check: ${labels.join(', ')} measured and attributed`);
    else failed = true;
  }
}
// --check proves the recipes work, not a capacity: a machine too busy for the rate only warns there.
process.exit(failed || (overloaded && !CHECK) ? 1 : 0);

/** What --check demands of a run; returns the problems found. */
function checkRun(compareFile) {
  const problems = [];
  const comparison = JSON.parse(readFileSync(compareFile, 'utf8'));
  for (const scenario of comparison.scenarios) {
    for (const run of scenario.runs) {
      if (run.requests === 0 || run.errors > 0) {
        problems.push(
          `${run.label}: ${run.errors} of ${run.requests} requests failed in ${scenario.scenario}`,
        );
      }
    }
    for (const versus of scenario.versusBaseline) {
      const requests = scenario.runs.find((run) => run.label === versus.label)?.requests;
      if (versus.pathAdded?.ttft?.count !== requests) {
        problems.push(
          `${versus.label}: ${versus.pathAdded?.ttft?.count ?? 0} of ${requests} requests joined with the ground truth`,
        );
      }
      // Buffered, a stream's tokens would arrive in bursts: gaps of 0 and one long one, far from the emulator's.
      const itl = versus.pathAdded?.itl;
      if (versus.label === 'nginx' && (itl === undefined || Math.abs(itl.p50) > 2 || Math.abs(itl.p90) > 5)) {
        problems.push(
          `nginx: per-token gaps changed (attributed p50 ${itl?.p50} ms, p90 ${itl?.p90} ms): is it buffering?`,
        );
      }
    }
  }
  // Through LiteLLM the timing headers must arrive: every keyed request it forwarded ran at the sent timing.
  if (GATEWAYS.includes('litellm')) {
    const records = readFileSync(groundTruth, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"requestKey":"litellm-'))
      .map((line) => JSON.parse(line));
    const wrong = records.filter(
      (record) =>
        record.configured?.ttftMs !== Number(LOAD.TTFT_MS) ||
        record.configured?.itlMs !== Number(LOAD.ITL_MS),
    );
    if (records.length === 0) problems.push('litellm: no request reached the emulator with its request key');
    if (wrong.length > 0) {
      problems.push(
        `litellm: ${wrong.length} of ${records.length} requests ran without the sent timing headers`,
      );
    }
  }
  return problems;
}
