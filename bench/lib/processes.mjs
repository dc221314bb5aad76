// Child processes of a benchmark: CPU pinning, cleanup on every exit path, and /proc readings.

import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';

/** Every child still running; killed when the benchmark exits, also on a thrown error (the 'exit' event). */
const running = new Set();

function killAll() {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  running.clear();
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

function hasTaskset() {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the server and the load client run. On a machine with at least two CPUs and taskset, the server
 * gets CPU 0 and the client CPU 1, so they never take turns on one core; PIN=0 leaves placement to the OS.
 */
export const placement = (() => {
  const pin = process.env.PIN !== '0' && availableParallelism() >= 2 && hasTaskset();
  return { pinned: pin, serverCpus: pin ? '0' : null, clientCpus: pin ? '1' : null };
})();

/** Spawns `command` (pinned to `cpus` when given) and tracks it for cleanup. */
export function spawnTracked(command, args, { cpus = null, ...options } = {}) {
  const child =
    cpus === null ? spawn(command, args, options) : spawn('taskset', ['-c', cpus, command, ...args], options);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Resolves with the exit code once `child` has exited. */
export function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? 1);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

/** Stops `child` with SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopChild(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * `pid` and all its descendants, so that a server that forks workers is measured whole. Reads the
 * kernel's children lists; processes that exit meanwhile are skipped.
 */
export function processTree(pid) {
  const tree = [];
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop();
    tree.push(current);
    let threads = [];
    try {
      threads = readdirSync(`/proc/${current}/task`);
    } catch {
      continue;
    }
    for (const thread of threads) {
      try {
        const children = readFileSync(`/proc/${current}/task/${thread}/children`, 'utf8').trim();
        if (children !== '') pending.push(...children.split(' ').map(Number));
      } catch {
        // The thread or process ended meanwhile.
      }
    }
  }
  return tree;
}

function readProc(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

/** Resident set size in KiB (VmRSS of /proc/<pid>/status), summed over the process and its workers. */
export function rssKiB(pid) {
  let total = 0;
  for (const member of processTree(pid)) {
    const status = readProc(member, 'status');
    const match = status === null ? null : /^VmRSS:\s+(\d+) kB$/m.exec(status);
    if (match !== null) total += Number(match[1]);
  }
  if (total === 0) throw new Error(`no VmRSS for process ${pid}`);
  return total;
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/**
 * CPU time used so far, in ms, by a process (all its threads) and its workers: user and system
 * (kernel) apart. A worker that exits between two readings takes its time with it, so measure
 * across a run in which the tree stays the same.
 */
export function cpuTimesMs(pid) {
  const toMs = (ticks) => (Number(ticks) * 1000) / CLOCK_TICKS_PER_SECOND;
  let userMs = 0;
  let systemMs = 0;
  for (const member of processTree(pid)) {
    const stat = readProc(member, 'stat');
    if (stat === null) continue;
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    userMs += toMs(fields[11]);
    systemMs += toMs(fields[12]);
  }
  return { userMs, systemMs };
}

/**
 * Measures the CPU a process uses between `start()` and `stop()`: `cores` (1.0 = one core busy) and the
 * share spent in the kernel, which for a streaming server is mostly socket writes.
 */
export function cpuMeter(pid) {
  const start = cpuTimesMs(pid);
  const startedAt = performance.now();
  return {
    stop() {
      const wallMs = performance.now() - startedAt;
      const end = cpuTimesMs(pid);
      const userMs = end.userMs - start.userMs;
      const systemMs = end.systemMs - start.systemMs;
      const cpuMs = userMs + systemMs;
      return { cpuMs, wallMs, cores: cpuMs / wallMs, systemShare: cpuMs > 0 ? systemMs / cpuMs : 0 };
    },
  };
}

/** Busy CPU time of the whole machine so far, in ms (all CPUs; from the `cpu` line of /proc/stat). */
function machineBusyMs() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy.
  const busyTicks = fields.reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
  return (busyTicks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * Measures how busy the whole machine was between `start()` and `stop()`, in cores, so a run can say
 * how much of the CPU went to work other than the benchmark's own (other jobs disturb the timing).
 */
export function machineMeter() {
  const startMs = machineBusyMs();
  const startedAt = performance.now();
  return {
    stop() {
      return { busyCores: (machineBusyMs() - startMs) / (performance.now() - startedAt) };
    },
  };
}

/**
 * The kernel's count of connections dropped because a listening socket's accept queue was full
 * (TcpExt ListenOverflows, machine-wide). A dropped handshake is retried after 1 s, 3 s, 7 s …, so a
 * request that waits there shows up as seconds of TTFT that the server never saw.
 */
export function listenOverflows() {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const header = lines.find((line) => line.startsWith('TcpExt:'));
  const values = lines.find((line, index) => line.startsWith('TcpExt:') && lines[index - 1] === header);
  if (header === undefined || values === undefined) return 0;
  const index = header.split(' ').indexOf('ListenOverflows');
  return index < 0 ? 0 : Number(values.split(' ')[index]);
}

/**
 * Waits until the machine is idle — under `thresholdCores` busy over a `sampleMs` window — or `maxWaitMs`
 * has passed. Benchmarks share the machine with whatever else runs on it; starting in a quiet moment
 * keeps other work out of the numbers (each run still records how busy the rest of the machine was).
 * Resolves with the busy cores of the last window.
 */
export async function waitForQuiet({ maxWaitMs, thresholdCores = 0.15, sampleMs = 3000 }) {
  const deadline = performance.now() + maxWaitMs;
  for (;;) {
    const meter = machineMeter();
    await new Promise((resolve) => setTimeout(resolve, sampleMs));
    const { busyCores } = meter.stop();
    if (busyCores < thresholdCores || performance.now() >= deadline) return busyCores;
  }
}

/** With QUIET_WAIT_S set, waits up to that long for an idle machine (see waitForQuiet); else returns. */
export async function quietMoment() {
  const maxWaitS = Number(process.env.QUIET_WAIT_S ?? 0);
  if (Number.isFinite(maxWaitS) && maxWaitS > 0) await waitForQuiet({ maxWaitMs: maxWaitS * 1000 });
}

/**
 * Runs `run` (which resolves with a result carrying `otherCores`) and, while the rest of the machine used
 * more than DISTURBED_CORES (default 0.2) during it, runs it again, up to ATTEMPTS times (default 1: no
 * retries). Resolves with the least disturbed attempt, with every attempt's `otherCores` alongside, so
 * the JSON shows what was set aside.
 */
export async function leastDisturbed(run) {
  const attempts = Math.max(1, Number(process.env.ATTEMPTS ?? 1));
  const disturbedCores = Number(process.env.DISTURBED_CORES ?? 0.2);
  const results = [];
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    await quietMoment();
    const result = await run();
    results.push(result);
    if (result.otherCores <= disturbedCores) break;
  }
  const best = results.reduce((least, result) => (result.otherCores < least.otherCores ? result : least));
  return { ...best, attemptsOtherCores: results.map((result) => result.otherCores) };
}
