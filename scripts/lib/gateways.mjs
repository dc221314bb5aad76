// The gateways `pnpm gateway-bench` puts in front of the emulator: installed idempotently, configured from the
// recipes in examples/gateways/ with this run's ports, started on 127.0.0.1 and stopped by their PIDs.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './processes.mjs';

/** The LiteLLM release the recipe is tested with; pinned, so a run is repeatable. */
export const LITELLM_VERSION = '1.108.7';
export const LITELLM_MASTER_KEY = 'sk-tokenpace-bench';
const LITELLM_VENV = join(ROOT, '.tools', 'litellm-venv');
const LITELLM_BINARY = join(LITELLM_VENV, 'bin', 'litellm');
const RECIPES = join(ROOT, 'examples', 'gateways');

/** A free port on 127.0.0.1 (the OS picks it; it is free again once this returns). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * `command args` pinned to `cpu` with taskset when the machine has two cores or more, so the emulator and the
 * load (client and gateway) do not steal each other's core; unpinned elsewhere.
 */
export function pinned(cpu, command, args) {
  const taskset = spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!taskset || cpus().length < 2) return { command, args };
  return { command: 'taskset', args: ['-c', String(cpu), command, ...args] };
}

/** Starts a long-running child with its output in `logFile`; `stop()` ends it by its PID (SIGTERM, then SIGKILL). */
export function startProcess({ command, args, logFile, env = {} }) {
  const log = createWriteStream(logFile);
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  process.once('exit', () => child.kill('SIGKILL'));
  return {
    pid: child.pid,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Resolves once GET `url` answers 200, polling every 250 ms; rejects after `timeoutMs` or when `exited` settles. */
export async function waitUntilReady(url, { timeoutMs, exited, headers = {}, logFile }) {
  let gone = false;
  exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`exited before ${url} answered (see ${logFile})`);
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (see ${logFile})`);
}

/** nginx from the Debian package, installed once when missing. */
export function ensureNginx() {
  if (spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0) return;
  console.log('installing nginx (apt-get install nginx) …');
  const apt = (args) =>
    spawnSync('apt-get', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
  const install = () => apt(['install', '-y', '-q', '--no-install-recommends', 'nginx']);
  // A fresh machine may have no package lists yet: update them once, then try again.
  const installed = install() || (apt(['update', '-q']) && install());
  if (!installed || spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      'nginx is missing and could not be installed: run `apt-get install nginx` (as root) and retry',
    );
  }
}

/** LiteLLM proxy in a virtual environment under .tools/, at the pinned version, installed once. */
export function ensureLitellm() {
  const versionFile = join(LITELLM_VENV, 'tokenpace-version');
  if (
    existsSync(LITELLM_BINARY) &&
    existsSync(versionFile) &&
    readFileSync(versionFile, 'utf8').trim() === LITELLM_VERSION
  ) {
    return;
  }
  console.log(`installing LiteLLM proxy ${LITELLM_VERSION} into .tools/litellm-venv (pip) …`);
  const python = spawnSync('python3', ['-m', 'venv', LITELLM_VENV], { stdio: 'inherit' });
  const pip = join(LITELLM_VENV, 'bin', 'pip');
  const install =
    python.status === 0 &&
    spawnSync(pip, ['install', '-q', `litellm[proxy]==${LITELLM_VERSION}`], { stdio: 'inherit' }).status ===
      0;
  if (!install || !existsSync(LITELLM_BINARY)) {
    throw new Error(`LiteLLM ${LITELLM_VERSION} could not be installed: python3 -m venv and pip must work`);
  }
  writeFileSync(versionFile, `${LITELLM_VERSION}\n`);
}

/** Starts nginx from the recipe with this run's ports; resolves once it forwards /health to the emulator. */
export async function startNginx({ emulatorPort, workDir, cpu }) {
  const prefix = join(workDir, 'nginx');
  mkdirSync(prefix, { recursive: true });
  const port = await freePort();
  const config = readFileSync(join(RECIPES, 'nginx.conf'), 'utf8')
    .replace('server 127.0.0.1:3000;', `server 127.0.0.1:${emulatorPort};`)
    .replace('listen 127.0.0.1:8081;', `listen 127.0.0.1:${port};`);
  const configFile = join(prefix, 'nginx.conf');
  writeFileSync(configFile, config);
  const logFile = join(workDir, 'nginx.log');
  const { command, args } = pinned(cpu, 'nginx', ['-p', prefix, '-c', configFile]);
  const process_ = startProcess({ command, args, logFile });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${baseUrl}/health`, { timeoutMs: 15_000, exited: process_.exited, logFile });
  return { name: 'nginx', baseUrl, env: {}, process: process_ };
}

/** Starts LiteLLM proxy from the recipe with this run's ports; resolves once its liveliness path answers. */
export async function startLitellm({ emulatorPort, workDir, cpu }) {
  const port = await freePort();
  const config = readFileSync(join(RECIPES, 'litellm.yaml'), 'utf8').replaceAll(
    'http://127.0.0.1:3000/v1',
    `http://127.0.0.1:${emulatorPort}/v1`,
  );
  const configFile = join(workDir, 'litellm.yaml');
  writeFileSync(configFile, config);
  const logFile = join(workDir, 'litellm.log');
  const { command, args } = pinned(cpu, LITELLM_BINARY, [
    '--config',
    configFile,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--num_workers',
    '1',
  ]);
  // The model cost map ships with the package: no download at start, the run stays on loopback.
  const process_ = startProcess({ command, args, logFile, env: { LITELLM_LOCAL_MODEL_COST_MAP: 'True' } });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${baseUrl}/health/liveliness`, {
    timeoutMs: 180_000,
    exited: process_.exited,
    logFile,
  });
  return {
    name: 'litellm',
    baseUrl,
    env: { API_KEY: LITELLM_MASTER_KEY, HEALTH_PATH: '/health/liveliness' },
    process: process_,
  };
}
