import { requestId } from '@tokenpace/core';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import anthropicHeaders from './anthropic/anthropic-headers-plugin.js';
import messagesRoute from './anthropic/messages-route.js';
import auth from './auth/auth-plugin.js';
import body from './body/body-plugin.js';
import { type Clock, systemClock } from './clock.js';
import type { EmulatorConfig } from './config/config-schema.js';
import cors from './cors/cors-plugin.js';
import faults from './faults/faults-plugin.js';
import groundTruth from './ground-truth/ground-truth-plugin.js';
import { answerClientError } from './limits/client-error.js';
import { applyConnectionTimeouts } from './limits/connection-timeouts.js';
import limits from './limits/limits-plugin.js';
import metrics from './metrics/metrics-plugin.js';
import pipeline from './pipeline/pipeline-plugin.js';
import errorHandler from './plugins/error-handler.js';
import exchange from './plugins/exchange.js';
import openAiHeaders from './plugins/openai-headers.js';
import requestLog from './plugins/request-log.js';
import services, { createServices } from './plugins/services.js';
import timing from './plugins/timing.js';
import rateLimits from './rate-limit/rate-limit-plugin.js';
import responsesRoute from './responses-api/responses-route.js';
import chatCompletionsRoute from './routes/chat-completions.js';
import completionsRoute from './routes/completions.js';
import embeddingsRoute from './routes/embeddings.js';
import healthRoute from './routes/health.js';
import modelsRoute from './routes/models.js';
import statsRoute from './routes/stats.js';
import scripted from './scripted/scripted-plugin.js';

export interface BuildAppOptions {
  /** Time source of every deadline; tests pass a manual clock. */
  clock?: Clock;
  /** A pino logger to use instead of the one built from `config.logLevel`. */
  logger?: FastifyBaseLogger;
  /** Where the built logger writes its JSON lines (default stdout). */
  logDestination?: { write(line: string): void };
  /**
   * This process's place in a multi-process server (`--workers`): its index seeds its generators, and the
   * count divides the concurrency limit. Default: a single process, `{ index: 0, count: 1 }`.
   */
  worker?: { index: number; count: number };
}

/** Never logged, even if a later change logs requests. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["api-key"]',
  'req.headers["x-api-key"]',
  'headers.authorization',
];

/** Builds the emulator app with every route; it does not listen (see startServer). */
export async function buildApp(
  config: EmulatorConfig,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const worker = options.worker ?? { index: 0, count: 1 };
  const state = createServices(config, options.clock ?? systemClock, worker);
  const app = Fastify({
    ...(options.logger === undefined
      ? {
          logger: {
            level: config.logLevel,
            redact: REDACTED_PATHS,
            ...(options.logDestination === undefined ? {} : { stream: options.logDestination }),
          },
        }
      : { loggerInstance: options.logger }),
    // One line per request comes from the request-log plugin instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => requestId(state.rngs.ids),
    // OpenAI rejects wrong types rather than coercing them, and keeps keys it does not know.
    ajv: {
      customOptions: {
        coerceTypes: false,
        removeAdditional: false,
        useDefaults: false,
        allErrors: false,
        // The route schemas are fixed and a test checks them against the meta-schema; checking them at every
        // start compiled the meta-schema's own validator first, about 45 ms of the cold start.
        validateSchema: false,
      },
    },
    routerOptions: { ignoreTrailingSlash: true },
    // While closing, the limits plugin answers in OpenAI's shape; so does a request Node cannot parse.
    return503OnClosing: false,
    clientErrorHandler: answerClientError,
    requestTimeout: config.limits.requestTimeoutMs,
  });
  applyConnectionTimeouts(app.server, config.limits);

  await app.register(services, state);
  await app.register(exchange);
  // Every body is read as JSON, whatever its content-type says, within bounds on its size, shape and time.
  await app.register(body);
  // The stages after parsing run in their declared order (pipeline/request-pipeline.ts), not in the order
  // of the registrations below.
  await app.register(pipeline);
  await app.register(requestLog);
  await app.register(openAiHeaders);
  await app.register(errorHandler);
  await app.register(anthropicHeaders);
  // Before the limits: a preflight or a request without a valid key takes no capacity.
  await app.register(cors);
  await app.register(auth);
  await app.register(timing);
  // The rule decides timing and text, which the limits, the rate limits and the faults then read.
  await app.register(scripted);
  await app.register(limits, { workerCount: worker.count });
  await app.register(rateLimits);
  await app.register(faults);
  await app.register(metrics);
  await app.register(groundTruth);

  await app.register(chatCompletionsRoute);
  await app.register(messagesRoute);
  await app.register(responsesRoute);
  await app.register(completionsRoute);
  await app.register(embeddingsRoute);
  await app.register(modelsRoute);
  await app.register(healthRoute);
  await app.register(statsRoute);
  return app;
}
