import type { FastifyInstance } from 'fastify';
import { answerPrimary, askPrimary, type WorkerAnswers } from '../cluster/ipc.js';
import { ProcessWatch } from '../cluster/process-stats.js';
import { type MergedStats, statsBody, statsSnapshot } from '../cluster/server-stats.js';

/** What every worker does on `POST /stats/reset`, asked through the primary. */
const RESET_TOPIC = 'stats-reset';

/** Answer of `POST /stats/reset`. */
export interface StatsResetBody {
  /** Processes whose lateness histogram was cleared. */
  workers: number;
  /** Workers that did not answer in time (their histograms still count from before). */
  workersMissing: number;
}

/**
 * The server's own account of itself: lateness of every token and body (µs) since start or since the last
 * `POST /stats/reset`, streams, time spent waiting for clients, and the concurrency limit. A benchmark reads it
 * to tell the emulator's error apart from the client's, and resets the lateness after its warm-up so that the
 * histogram covers the measured interval only. With several workers, the worker that gets the request asks the
 * primary, which merges (or resets) every worker's numbers; a worker that does not answer in time is counted in
 * `workersMissing`.
 */
export default async function statsRoute(app: FastifyInstance): Promise<void> {
  const { worker, scheduler } = app.tokenpace;
  const clustered = worker.count > 1;
  const watch = new ProcessWatch(worker.index);
  app.addHook('onClose', async () => watch.stop());
  const local = () => statsSnapshot(app, watch);
  const resetLocal = (): true => {
    scheduler.lateness.reset();
    return true;
  };
  if (clustered) {
    answerPrimary('stats', local);
    answerPrimary(RESET_TOPIC, resetLocal);
  }
  app.get('/stats', async () => {
    if (!clustered) return statsBody(local());
    try {
      const merged = (await askPrimary('stats')) as MergedStats;
      return statsBody(merged.snapshot, merged.workersMissing);
    } catch {
      return statsBody(local(), worker.count - 1);
    }
  });
  app.post('/stats/reset', async (): Promise<StatsResetBody> => {
    if (!clustered) {
      resetLocal();
      return { workers: 1, workersMissing: 0 };
    }
    try {
      const { answers, missing } = (await askPrimary(RESET_TOPIC)) as WorkerAnswers;
      return { workers: answers.length, workersMissing: missing };
    } catch {
      resetLocal();
      return { workers: 1, workersMissing: worker.count - 1 };
    }
  });
}
