import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { answerPrimary, askPrimary } from '../cluster/ipc.js';
import { METRICS_TOPIC, type WorkerMetrics } from './cluster-metrics.js';

export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics` in Prometheus' text format. With several workers, the worker that gets the scrape asks the
 * primary, which collects every worker's registry and aggregates them with prom-client's AggregatorRegistry,
 * so one scrape shows the whole server.
 */
export function serveMetrics(app: FastifyInstance, registry: Registry): void {
  const { worker } = app.tokenpace;
  const clustered = worker.count > 1;
  if (clustered) {
    answerPrimary(
      METRICS_TOPIC,
      async (): Promise<WorkerMetrics> => ({
        worker: worker.index,
        metrics: await registry.getMetricsAsJSON(),
      }),
    );
  }
  app.get(METRICS_PATH, async (_request, reply) => {
    const text = clustered ? ((await askPrimary(METRICS_TOPIC)) as string) : await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
