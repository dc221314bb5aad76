import type { EmulatorConfig } from '../config/config-schema.js';
import { exitOnShutdown, type RunningServer, startServer } from '../server.js';
import { START_TOPIC, WORKER_COUNT_ENV, WORKER_INDEX_ENV } from './cluster-names.js';
import { askPrimary, onPrimaryShutdown } from './ipc.js';

/** How long a worker waits for the primary's go-ahead (its check of the configuration) before giving up. */
const START_TIMEOUT_MS = 60_000;

export interface WorkerPlaceText {
  index: string | undefined;
  count: string | undefined;
}

/** Parses the worker's place from the environment the primary set; throws on anything else. */
export function parseWorkerPlace(text: WorkerPlaceText): { index: number; count: number } {
  const index = Number(text.index);
  const count = Number(text.count);
  if (!Number.isInteger(index) || !Number.isInteger(count) || index < 0 || count < 1 || index >= count) {
    throw new Error(
      `worker started without a valid ${WORKER_INDEX_ENV}/${WORKER_COUNT_ENV} (${text.index}/${text.count})`,
    );
  }
  return { index, count };
}

/**
 * One worker of a multi-process server: the same app as in-process, listening on the port the primary shares
 * (node:cluster hands it the listening socket), its generators seeded by its index. It builds the app and
 * listens once the primary has validated the configuration; it shuts down gracefully on its own signals and
 * when the primary asks, and exits once closed.
 */
export async function runWorker(
  config: EmulatorConfig,
  place: { index: number; count: number },
): Promise<RunningServer> {
  await askPrimary(START_TOPIC, START_TIMEOUT_MS);
  const server = await startServer(config, { worker: place });
  const shutdown = exitOnShutdown(server, config.shutdownGraceMs);
  onPrimaryShutdown(() => shutdown.begin('primary'));
  return server;
}
