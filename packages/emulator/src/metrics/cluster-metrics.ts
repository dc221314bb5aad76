import { AggregatorRegistry } from 'prom-client';
import type { PrimaryTopicHandler } from '../cluster/ipc.js';

/** The IPC topic of a worker's metrics, and of the primary's aggregate text. */
export const METRICS_TOPIC = 'metrics';

/** A worker's answer to the primary: its index and its registry as `getMetricsAsJSON` returns it. */
export interface WorkerMetrics {
  worker: number;
  metrics: object[];
}

function isWorkerMetrics(answer: unknown): answer is WorkerMetrics {
  return (
    typeof answer === 'object' &&
    answer !== null &&
    typeof (answer as WorkerMetrics).worker === 'number' &&
    Array.isArray((answer as WorkerMetrics).metrics)
  );
}

/**
 * Aggregates workers' metrics into the whole server's, remembering each worker's latest answer: a worker that
 * misses one scrape (busy past the IPC timeout), or has died, is counted with the numbers it last reported, so
 * the server's counters never go backwards — Prometheus would read that as a reset.
 */
export class WorkerMetricsAggregate {
  readonly #latest = new Map<number, object[]>();

  /** Prometheus text of every worker's latest metrics: equal series add up, per-worker ones stay apart. */
  async text(answers: readonly unknown[]): Promise<string> {
    for (const answer of answers)
      if (isWorkerMetrics(answer)) this.#latest.set(answer.worker, answer.metrics);
    const byWorker = [...this.#latest.entries()].sort(([a], [b]) => a - b).map(([, metrics]) => metrics);
    return AggregatorRegistry.aggregate(byWorker).metrics();
  }
}

const aggregate = new WorkerMetricsAggregate();

/** In the primary: answers a worker's scrape with the whole server's metrics. */
export const aggregateWorkerMetrics: PrimaryTopicHandler = async (askWorkers) => {
  const { answers } = await askWorkers(METRICS_TOPIC);
  return aggregate.text(answers);
};
