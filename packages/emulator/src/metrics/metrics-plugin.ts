import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { EmulatorMetrics } from './emulator-metrics.js';
import type { GaugeCell } from './metric-family.js';
import { serveMetrics } from './metrics-route.js';
import { ProcessMetrics } from './process-metrics.js';
import { recordRequest } from './record-request.js';
import { type RequestOutcome, type ResponseEnd, requestOutcome } from './request-outcome.js';
import { StreamTiming, scheduleOf } from './stream-timing.js';

/** What the metrics learn about one request while it is served; the ground-truth log reads it too. */
export class RequestObservation {
  /** Clock time the last byte of the response was handed to the socket; −1 until then (or never). */
  finishedMs = -1;
  /** The stream's timing, for streamed responses that started. */
  stream: StreamTiming | null = null;
  /** How the request ended, once its response closed. */
  outcome: RequestOutcome | null = null;
  /** The running gauge this request counts in, from admission until its response closes. */
  running: GaugeCell | null = null;
  /** Set as the response closes: a request whose client left before admission never counts as running. */
  closed = false;
}

/** Called for every request once its response has closed and its outcome is known (the ground-truth log). */
export type ClosedRequestListener = (request: FastifyRequest, observation: RequestObservation) => void;

export interface MetricsState {
  metrics: EmulatorMetrics;
  /** Adds a listener for closed requests; listeners run after the metrics have counted the request. */
  onClosedRequest(listener: ClosedRequestListener): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    tokenpaceMetrics: MetricsState;
  }
  interface FastifyRequest {
    observation: RequestObservation | null;
  }
}

/**
 * Measures every request and stream and serves `GET /metrics`: vLLM's series filled with what was measured, and
 * tokenpace's own. Per token it only adds to histogram cells (through a stream observer); everything else
 * happens once per request, after its response has closed.
 */
async function metricsPlugin(app: FastifyInstance): Promise<void> {
  const { clock, deliveryHooks, worker } = app.tokenpace;
  const metrics = new EmulatorMetrics();
  const processMetrics = new ProcessMetrics(metrics.registry, String(worker.index));
  const listeners: ClosedRequestListener[] = [];
  app.decorate('tokenpaceMetrics', {
    metrics,
    onClosedRequest: (listener: ClosedRequestListener) => {
      listeners.push(listener);
    },
  });
  app.decorateRequest('observation', null);
  processMetrics.start();
  app.addHook('onClose', async () => processMetrics.stop());

  deliveryHooks.add((request, plan) => {
    const observation = request.observation;
    const exchange = request.exchange;
    if (observation === null || exchange.timing === null) return null;
    const cells = metrics.cellsFor(metrics.modelLabel(exchange.model));
    const schedule = scheduleOf(plan.offsetsMs);
    observation.stream = new StreamTiming(
      exchange.arrivalMs,
      schedule,
      exchange.timing,
      cells,
      metrics.tokenLateness,
    );
    return observation.stream;
  });

  app.addHook('onRequest', (request, reply, done) => {
    const observation = new RequestObservation();
    request.observation = observation;
    reply.raw.on('finish', () => {
      observation.finishedMs = clock.now();
    });
    done();
  });
  // On the next tick, after every other `close` listener: a stream learns there that its client is gone.
  app.tokenpaceExchange.onResponseClose((request, response) => {
    const observation = request.observation;
    if (observation === null) return;
    observation.closed = true;
    process.nextTick(recordClosed, request, response, observation);
  });

  const recordClosed = (
    request: FastifyRequest,
    response: ServerResponse,
    observation: RequestObservation,
  ): void => {
    observation.running?.dec();
    const end: ResponseEnd = {
      statusCode: response.statusCode,
      headersSent: response.headersSent,
      finished: observation.finishedMs >= 0,
    };
    const outcome = requestOutcome(request.exchange, end, observation.stream);
    observation.outcome = outcome;
    recordRequest(metrics, { request, outcome, finishedMs: observation.finishedMs });
    for (const listener of listeners) listener(request, observation);
  };

  // Admitted requests of a model are running from here (past validation, timing and limits) until they close.
  app.tokenpacePipeline.add('observe', (request, _reply, done) => {
    const observation = request.observation;
    if (request.routeOptions.config.timed === true && observation !== null && !observation.closed) {
      const model = (request.body as { model?: unknown } | undefined)?.model;
      if (typeof model === 'string') {
        observation.running = metrics.cellsFor(metrics.modelLabel(model)).running;
        observation.running.inc();
      }
    }
    done();
  });

  serveMetrics(app, metrics.registry);
}

export default fastifyPlugin(metricsPlugin, {
  name: 'tokenpace-metrics',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange', 'tokenpace-pipeline'],
});
