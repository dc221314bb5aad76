import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import type { EmulatorConfig } from '../config/config-schema.js';
import { serveTrafficState } from '../traffic-state/cluster-traffic-state.js';
import { servePrimary, shutDownWorkers } from './ipc.js';
import { createPrimaryLog, type PrimaryLog } from './primary-log.js';
import { PRIMARY_TOPICS } from './primary-topics.js';
import { WORKER_COUNT_ENV, WORKER_INDEX_ENV } from './worker.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/**
 * Beyond the workers' own grace period (and the second they give clients to read the error events), how long
 * the primary waits for them before killing them: shutdown never hangs on a stuck worker.
 */
const KILL_MARGIN_MS = 5_000;

export interface PrimaryIo {
  stdout: { write(text: string): unknown };
}

export interface RunningPrimary {
  /** Base URL with the real port shared by every worker. */
  url: string;
  port: number;
  /** Resolves with the exit code once every worker has exited: 0 after a clean shutdown, else 1. */
  exited: Promise<number>;
  /** Shuts every worker down gracefully, as SIGTERM does. */
  shutdown(): void;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function describeExit(code: number | null, signal: string | null): Record<string, unknown> {
  return signal === null ? { code } : { signal };
}

/**
 * Forks `config.workers` workers that share one listening socket (node:cluster hands out connections), and
 * resolves once every one of them listens; with `--port 0` they all share the one port the first listen picked.
 * A worker that dies is logged and not restarted: a restarted worker would silently reset its share of the
 * numbers under measurement. The primary exits (non-zero) when no worker is left. SIGINT/SIGTERM are passed to
 * the workers as one graceful shutdown; a second signal kills them at once.
 */
export function runPrimary(config: EmulatorConfig, io: PrimaryIo): Promise<RunningPrimary> {
  const log: PrimaryLog = createPrimaryLog(config.logLevel, io.stdout);
  const workerCount = config.workers;
  const indexOf = new Map<Worker, number>();
  const ports = new Map<Worker, number>();
  let shuttingDown = false;
  let failures = 0;
  let killTimer: NodeJS.Timeout | null = null;

  servePrimary(PRIMARY_TOPICS);
  // Exact ratios and rate limits count the requests of every worker together, here.
  serveTrafficState(config.rateLimits);
  let resolveExited!: (code: number) => void;
  const exited = new Promise<number>((resolve) => {
    resolveExited = resolve;
  });

  const liveWorkers = (): Worker[] => [...indexOf.keys()];
  const shutdown = (): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.write('info', { workers: indexOf.size }, 'shutting down: asking every worker to finish');
    shutDownWorkers();
    killTimer = setTimeout(() => {
      for (const worker of liveWorkers()) {
        log.write('error', { worker: indexOf.get(worker) }, 'worker did not exit in time: killing it');
        worker.process.kill('SIGKILL');
      }
    }, config.shutdownGraceMs + KILL_MARGIN_MS);
    killTimer.unref();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!shuttingDown) {
      log.write('info', { signal }, 'signal received');
      shutdown();
      return;
    }
    log.write('warn', { signal }, 'second signal: killing the workers and exiting now');
    for (const worker of liveWorkers()) worker.process.kill('SIGKILL');
    process.exit(1);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);

  return new Promise<RunningPrimary>((resolveStarted, rejectStarted) => {
    let started = false;
    const startedIfAllListen = (): void => {
      if (started || ports.size === 0 || ports.size < indexOf.size) return;
      const distinct = new Set(ports.values());
      if (distinct.size !== 1) {
        rejectStarted(new Error(`workers listen on different ports: ${[...distinct].join(', ')}`));
        return;
      }
      started = true;
      const port = [...distinct][0] as number;
      resolveStarted({ url: `http://${urlHost(config.host)}:${port}`, port, exited, shutdown });
    };

    cluster.on('listening', (worker: Worker, address: AddressInfo | { port: number }) => {
      ports.set(worker, address.port);
      startedIfAllListen();
    });
    cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
      const index = indexOf.get(worker);
      indexOf.delete(worker);
      ports.delete(worker);
      const clean = shuttingDown && code === 0;
      if (!clean) failures += 1;
      log.write(
        clean ? 'info' : 'error',
        { worker: index, ...describeExit(code, signal), remaining: indexOf.size },
        clean ? 'worker exited' : 'worker died; not restarted',
      );
      if (indexOf.size > 0) {
        startedIfAllListen();
        return;
      }
      for (const signalName of SIGNALS) process.removeListener(signalName, onSignal);
      if (killTimer !== null) clearTimeout(killTimer);
      const exitCode = shuttingDown && failures === 0 ? 0 : 1;
      if (!started) rejectStarted(new Error('every worker exited before the server listened'));
      resolveExited(exitCode);
    });

    for (let index = 0; index < workerCount; index++) {
      const worker = cluster.fork({
        [WORKER_INDEX_ENV]: String(index),
        [WORKER_COUNT_ENV]: String(workerCount),
      });
      indexOf.set(worker, index);
    }
    log.write('info', { workers: workerCount }, 'started workers');
  });
}
