import type { FastifyInstance } from 'fastify';
import { answerPrimary, askPrimary } from '../cluster/ipc.js';
import { ProcessWatch } from '../cluster/process-stats.js';
import { type MergedStats, statsBody, statsSnapshot } from '../cluster/server-stats.js';

/**
 * The server's own account of itself: lateness of every token and body since start (µs), streams, time spent
 * waiting for clients, and the concurrency limit. A benchmark reads it to tell the emulator's error apart from
 * the client's. With several workers, the worker that gets the request asks the primary, which merges every
 * worker's numbers; a worker that does not answer in time is counted in `workersMissing`.
 */
export default async function statsRoute(app: FastifyInstance): Promise<void> {
  const clustered = app.tokenpace.worker.count > 1;
  const watch = new ProcessWatch(app.tokenpace.worker.index);
  app.addHook('onClose', async () => watch.stop());
  const local = () => statsSnapshot(app, watch);
  if (clustered) answerPrimary('stats', local);
  app.get('/stats', async () => {
    if (!clustered) return statsBody(local());
    try {
      const merged = (await askPrimary('stats')) as MergedStats;
      return statsBody(merged.snapshot, merged.workersMissing);
    } catch {
      return statsBody(local(), app.tokenpace.worker.count - 1);
    }
  });
}
