import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import {
  ConcurrencyLimitError,
  ServerShuttingDownError,
  StreamDurationLimitError,
} from '../errors/catalogue.js';
import { ConcurrencyGate, perWorkerLimit, scheduleDurationMs } from './concurrency-gate.js';

export interface LimitsPluginOptions {
  /** Processes sharing the server's port (1 in-process): each enforces its share of the concurrency limit. */
  workerCount: number;
}

export interface LimitsState {
  gate: ConcurrencyGate;
  /** True from the start of shutdown: new requests are answered 503 `server_shutting_down`. */
  readonly shuttingDown: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    tokenpaceLimits: LimitsState;
  }
  interface FastifyRequest {
    /** True once the request took a place under the concurrency limit; it gives it back when its response closes. */
    admitted: boolean;
  }
}

/**
 * The server's own limits, each answered in OpenAI's shape and never with a hang: requests while shutting down
 * (503 with `connection: close`), timed requests over the concurrency limit (503 or 429 with `retry-after-ms`
 * and `retry-after`, checked before the body is read), and schedules longer than the duration limit (400).
 */
async function limits(app: FastifyInstance, options: LimitsPluginOptions): Promise<void> {
  const { config } = app.tokenpace;
  const { maxConcurrentStreams, maxStreamDurationMs, overloadStatus, retryAfterMs } = config.limits;
  const gate = new ConcurrencyGate(perWorkerLimit(maxConcurrentStreams, options.workerCount));
  let shuttingDown = false;
  app.decorate('tokenpaceLimits', {
    gate,
    get shuttingDown() {
      return shuttingDown;
    },
  });
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });

  // Callback hooks, not async ones: they run on every request and need no promise.
  app.decorateRequest('admitted', false);
  app.addHook('onRequest', (request, _reply, done) => {
    if (shuttingDown) return done(new ServerShuttingDownError());
    if (request.routeOptions.config.timed !== true) return done();
    if (!gate.tryAdmit())
      return done(new ConcurrencyLimitError(overloadStatus, maxConcurrentStreams, retryAfterMs));
    request.admitted = true;
    done();
  });
  app.tokenpaceExchange.onResponseClose((request) => {
    if (request.admitted) gate.release();
  });

  if (maxStreamDurationMs > 0) {
    // Its stage comes after timing and rules, which resolved the request's timing.
    app.tokenpacePipeline.add('limit', (request, _reply, done) => {
      const timing = request.exchange.timing;
      const durationMs = timing === null ? 0 : scheduleDurationMs(timing);
      done(
        durationMs > maxStreamDurationMs
          ? new StreamDurationLimitError(durationMs, maxStreamDurationMs)
          : undefined,
      );
    });
  }
}

export default fastifyPlugin(limits, {
  name: 'tokenpace-limits',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange', 'tokenpace-pipeline', 'tokenpace-timing'],
});
