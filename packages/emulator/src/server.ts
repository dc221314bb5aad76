import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type BuildAppOptions, buildApp } from './app.js';
import type { EmulatorConfig } from './config/config-schema.js';
import { ServerShuttingDownError } from './errors/catalogue.js';
import { encodingsOfModels, usePrebuiltRankFiles } from './generation/rank-tables.js';

export interface StartServerOptions extends BuildAppOptions {
  /** Close gracefully on SIGINT and SIGTERM, then exit 0 (see {@link exitOnShutdown}). The CLI turns this on. */
  handleSignals?: boolean;
  /** On close, how long running streams may go on before they are ended (default `config.shutdownGraceMs`). */
  shutdownGraceMs?: number;
  /**
   * Where the tokenizer's prebuilt rank tables are (default {@link DEFAULT_RANK_DIRECTORY}); `null` builds them
   * from js-tiktoken's rank text, as happens anyway for a table whose file is missing.
   */
  rankDirectory?: URL | null;
}

/** `ranks/` beside this module: in the build, the rank files the build wrote next to the CLI. */
export const DEFAULT_RANK_DIRECTORY = new URL('./ranks/', import.meta.url);

export interface RunningServer {
  app: FastifyInstance;
  /** Base URL with the real port, e.g. `http://127.0.0.1:41234`. */
  url: string;
  host: string;
  port: number;
  /**
   * Stops accepting connections and answers new requests on open ones with 503 `server_shutting_down`; lets
   * running streams and responses finish within the grace period, then ends the rest with an error (a
   * mid-stream error event, or a 503 body) and resolves once every connection is closed.
   */
  close(): Promise<void>;
}

/**
 * Pending-connection queue: a load test opens a thousand connections at once, more than Node's default of
 * 511, and a full queue drops connects until the client times out. The kernel caps it at somaxconn.
 */
const LISTEN_BACKLOG = 4096;
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** While closing, how often connections that went idle are closed. */
const IDLE_SWEEP_MS = 25;
/**
 * After the grace period, how long connections get to take the error events before they are cut: enough for a
 * reading client, short enough that a client that stops reading cannot hold the shutdown.
 */
const FINAL_CUT_MS = 1_000;

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Builds the app and listens on `config.host:config.port` (port 0 picks a free port). With exact prompt counting,
 * it then makes the tokenizer tables of the configured models' encodings, reading their prebuilt files without
 * holding the event loop (see PromptCounter.warm): making them before listening would hold the start for them.
 */
export async function startServer(
  config: EmulatorConfig,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  usePrebuiltRankFiles(options.rankDirectory === undefined ? DEFAULT_RANK_DIRECTORY : options.rankDirectory);
  const app = await buildApp(config, options);
  await app.listen({ host: config.host, port: config.port, backlog: LISTEN_BACKLOG });
  if (config.promptTokens === 'exact') {
    const encodings = encodingsOfModels(config.models);
    const startedMs = performance.now();
    app.tokenpace.promptCounter.warm(encodings).then(
      () => app.log.debug({ encodings, ms: performance.now() - startedMs }, 'tokenizer tables ready'),
      (error: unknown) => app.log.error({ err: error }, 'could not prepare the tokenizer tables'),
    );
  }
  const address = app.server.address() as AddressInfo;
  const graceMs = options.shutdownGraceMs ?? config.shutdownGraceMs;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      let finalCut: NodeJS.Timeout | null = null;
      const grace = setTimeout(() => {
        const ended = app.tokenpace.inFlight.interruptAll(new ServerShuttingDownError());
        if (ended > 0)
          app.log.warn({ ended, graceMs }, 'grace period over: ended open responses with an error');
        finalCut = setTimeout(() => app.server.closeAllConnections(), FINAL_CUT_MS);
        finalCut.unref();
      }, graceMs);
      grace.unref();
      // A keep-alive connection whose stream ends during the grace period goes idle: close it then, rather
      // than at the cut-off.
      const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
      sweep.unref();
      try {
        await app.close();
      } finally {
        clearTimeout(grace);
        if (finalCut !== null) clearTimeout(finalCut);
        clearInterval(sweep);
      }
    })();
    return closing;
  };
  const server: RunningServer = {
    app,
    url: `http://${urlHost(config.host)}:${address.port}`,
    host: config.host,
    port: address.port,
    close,
  };
  if (options.handleSignals === true) exitOnShutdown(server, graceMs);
  return server;
}

export interface ShutdownControl {
  /** Starts the graceful shutdown as a first signal does; ignored once one has started (it never forces). */
  begin(reason: string): void;
}

/**
 * Makes `server` the process's reason to live: on SIGINT or SIGTERM (or `begin`) it closes gracefully and the
 * process exits 0 (1 if closing failed); a second signal exits at once with 1.
 */
export function exitOnShutdown(server: RunningServer, graceMs: number): ShutdownControl {
  const log = server.app.log;
  let started = false;
  const begin = (reason: string): void => {
    if (started) return;
    started = true;
    log.info({ reason, graceMs }, 'shutting down: no new connections, running requests may finish');
    server.close().then(
      () => process.exit(process.exitCode ?? 0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (started) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    begin(signal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return { begin };
}
