import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';

/** Log levels at which the request line is not written. */
const LEVELS_WITHOUT_INFO = new Set(['warn', 'error', 'fatal', 'silent']);

/**
 * One log line per request, written when its response closes (ended or abandoned by the client), never one
 * per token. Fastify's own request logs are off; this line carries what a benchmark needs to reconcile a run.
 */
async function requestLog(app: FastifyInstance): Promise<void> {
  const clock = app.tokenpace.clock;
  app.tokenpaceExchange.onResponseClose((request, response) => {
    // Above `info` the line would be dropped anyway: skip building it.
    if (LEVELS_WITHOUT_INFO.has(request.log.level)) return;
    const exchange = request.exchange;
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: response.statusCode,
        durationMs: Math.round((clock.now() - exchange.arrivalMs) * 1000) / 1000,
        model: exchange.model,
        stream: exchange.stream,
        completionTokens: exchange.completionTokens,
        maxLatenessUs: exchange.maxLatenessUs === null ? null : Math.round(exchange.maxLatenessUs),
        blockedMs: exchange.blockedMs,
        streamEnd: exchange.streamEnd,
        aborted: !response.writableEnded,
        error: exchange.errorReason,
        fault: exchange.fault,
      },
      'request',
    );
  });
}

export default fastifyPlugin(requestLog, {
  name: 'tokenpace-request-log',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange'],
});
