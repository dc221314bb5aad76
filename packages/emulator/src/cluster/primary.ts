import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import type { EmulatorConfig, LogLevel } from '../config/config-schema.js';
import { START_TOPIC, WORKER_COUNT_ENV, WORKER_INDEX_ENV } from './cluster-names.js';
import { servePrimary, shutDownWorkers } from './ipc.js';
import { createPrimaryLog, type PrimaryLog } from './primary-log.js';
import { PRIMARY_TOPICS } from './primary-topics.js';
import { countWorkerDeath } from './worker-deaths.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/**
 * Beyond the workers' own grace period (and the second they give clients to read the error events), how long
 * the primary waits for them before killing them: shutdown never hangs on a stuck worker.
 */
const KILL_MARGIN_MS = 5_000;
/** Grace assumed for the kill timer if a shutdown comes before the configuration is known. */
const UNCONFIGURED_GRACE_MS = 10_000;

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

/** Workers forked and loading, waiting for the validated configuration before they build the app and listen. */
export interface LaunchingPrimary {
  /**
   * Starts serving the primary's shared state for `config`, lets the workers start, and resolves once every
   * one of them listens.
   */
  configure(config: EmulatorConfig): Promise<RunningPrimary>;
  /** The configuration is invalid: kills the workers (which never listened) and resolves once they are gone. */
  abort(): Promise<void>;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function describeExit(code: number | null, signal: string | null): Record<string, unknown> {
  return signal === null ? { code } : { signal };
}

/**
 * Forks `workerCount` workers that will share one listening socket (node:cluster hands out connections); with
 * `--port 0` they all share the one port the first listen picked. They fork at once, so that loading their
 * modules overlaps the primary's check of the configuration, and wait for {@link LaunchingPrimary.configure}.
 * A worker that dies after it listened is logged, counted (`/stats` workerDeaths, `/metrics`
 * tokenpace_worker_deaths_total: its share of the numbers under measurement restarts) and replaced by a new
 * worker with its index; the others serve on. The primary exits (non-zero) when no worker is left. SIGINT/SIGTERM are passed to
 * the workers as one graceful shutdown; a second signal kills them at once.
 */
export function forkWorkers(workerCount: number, logLevel: LogLevel, io: PrimaryIo): LaunchingPrimary {
  const log: PrimaryLog = createPrimaryLog(logLevel, io.stdout);
  const indexOf = new Map<Worker, number>();
  const ports = new Map<Worker, number>();
  let config: EmulatorConfig | null = null;
  let shuttingDown = false;
  let aborting = false;
  let failures = 0;
  let killTimer: NodeJS.Timeout | null = null;
  let resolveConfigured!: () => void;
  const configured = new Promise<void>((resolve) => {
    resolveConfigured = resolve;
  });
  let resolveExited!: (code: number) => void;
  const exited = new Promise<number>((resolve) => {
    resolveExited = resolve;
  });
  let onStarted: ((primary: RunningPrimary) => void) | null = null;
  let onFailedStart: ((error: Error) => void) | null = null;
  let started = false;

  // A worker asks to start once its modules are loaded; the answer waits for the validated configuration.
  servePrimary({ ...PRIMARY_TOPICS, [START_TOPIC]: () => configured.then(() => true) });

  const liveWorkers = (): Worker[] => [...indexOf.keys()];
  const shutdown = (): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.write('info', { workers: indexOf.size }, 'shutting down: asking every worker to finish');
    shutDownWorkers();
    killTimer = setTimeout(
      () => {
        for (const worker of liveWorkers()) {
          log.write('error', { worker: indexOf.get(worker) }, 'worker did not exit in time: killing it');
          worker.process.kill('SIGKILL');
        }
      },
      (config?.shutdownGraceMs ?? UNCONFIGURED_GRACE_MS) + KILL_MARGIN_MS,
    );
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

  const startedIfAllListen = (): void => {
    if (started || config === null || onStarted === null || ports.size === 0 || ports.size < indexOf.size)
      return;
    const distinct = new Set(ports.values());
    if (distinct.size !== 1) {
      onFailedStart?.(new Error(`workers listen on different ports: ${[...distinct].join(', ')}`));
      return;
    }
    started = true;
    const port = [...distinct][0] as number;
    onStarted({ url: `http://${urlHost(config.host)}:${port}`, port, exited, shutdown });
  };

  cluster.on('listening', (worker: Worker, address: AddressInfo | { port: number }) => {
    ports.set(worker, address.port);
    startedIfAllListen();
  });
  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    const index = indexOf.get(worker);
    const listened = ports.has(worker);
    indexOf.delete(worker);
    ports.delete(worker);
    const clean = (shuttingDown && code === 0) || aborting;
    // A worker that served and died (out of memory, a bug) is replaced and the others serve on; one that
    // never listened would most likely die again, so it is not.
    if (!clean && !shuttingDown && started && listened && index !== undefined) {
      const deaths = countWorkerDeath();
      log.write(
        'error',
        { worker: index, ...describeExit(code, signal), deaths },
        'worker died; starting a new one in its place',
      );
      indexOf.set(forkWorker(index), index);
      return;
    }
    if (!clean) failures += 1;
    if (!aborting) {
      log.write(
        clean ? 'info' : 'error',
        { worker: index, ...describeExit(code, signal), remaining: indexOf.size },
        clean ? 'worker exited' : 'worker died; not restarted',
      );
    }
    if (indexOf.size > 0) {
      startedIfAllListen();
      return;
    }
    for (const signalName of SIGNALS) process.removeListener(signalName, onSignal);
    if (killTimer !== null) clearTimeout(killTimer);
    if (!started) onFailedStart?.(new Error('every worker exited before the server listened'));
    resolveExited(shuttingDown && failures === 0 ? 0 : 1);
  });

  function forkWorker(index: number): Worker {
    return cluster.fork({ [WORKER_INDEX_ENV]: String(index), [WORKER_COUNT_ENV]: String(workerCount) });
  }
  for (let index = 0; index < workerCount; index++) indexOf.set(forkWorker(index), index);

  return {
    async configure(validated) {
      config = validated;
      // Exact ratios and rate limits count the requests of every worker together, here. Imported now, not at
      // fork time: it needs core, which the check of the configuration has just loaded anyway.
      const { serveTrafficState } = await import('../traffic-state/cluster-traffic-state.js');
      serveTrafficState(validated.rateLimits);
      const running = new Promise<RunningPrimary>((resolve, reject) => {
        onStarted = resolve;
        onFailedStart = reject;
      });
      resolveConfigured();
      log.write('info', { workers: workerCount }, 'started workers');
      startedIfAllListen();
      return running;
    },
    async abort() {
      aborting = true;
      for (const worker of liveWorkers()) worker.process.kill('SIGKILL');
      await exited;
    },
  };
}

/** Forks `config.workers` workers for a configuration already validated; see {@link forkWorkers}. */
export function runPrimary(config: EmulatorConfig, io: PrimaryIo): Promise<RunningPrimary> {
  return forkWorkers(config.workers, config.logLevel, io).configure(config);
}
