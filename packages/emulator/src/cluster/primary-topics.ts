import { aggregateWorkerMetrics, METRICS_TOPIC } from '../metrics/cluster-metrics.js';
import { answerProgramStart, PROGRAM_START_TOPIC } from '../programs/program-origin.js';
import type { PrimaryTopicHandler } from './ipc.js';
import { type MergedStats, mergeStatsSnapshots, type StatsSnapshot } from './server-stats.js';
import { workerDeaths, workerDeathsMetricText } from './worker-deaths.js';

/**
 * How the primary answers its workers' asks, by topic. A topic without an entry is answered with the list of
 * every worker's answer (see servePrimary), which is enough when the asking worker can combine them itself.
 */
export const PRIMARY_TOPICS: Readonly<Record<string, PrimaryTopicHandler>> = {
  /** `/stats` of the whole server: every worker's snapshot, merged here. */
  stats: async (askWorkers): Promise<MergedStats> => {
    const { answers, missing } = await askWorkers('stats');
    const snapshot = mergeStatsSnapshots(answers as StatsSnapshot[]);
    return { snapshot: { ...snapshot, workerDeaths: workerDeaths() }, workersMissing: missing };
  },
  /** `/metrics` of the whole server: every worker's registry, aggregated here, and the workers that died. */
  [METRICS_TOPIC]: async (askWorkers) =>
    `${await aggregateWorkerMetrics(askWorkers)}\n${workerDeathsMetricText()}`,
  /** The server's start, so that every worker's latency programs count from it. */
  [PROGRAM_START_TOPIC]: answerProgramStart,
};
