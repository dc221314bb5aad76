import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';

/**
 * One log line per request, written when its response closes (ended or abandoned by the client), never one
 * per token. Fastify's own request logs are off; this line carries what a benchmark needs to reconcile a run.
 */
async function requestLog(app: FastifyInstance): Promise<void> {
  const clock = app.tokenpace.clock;
  app.addHook('onRequest', async (request, reply) => {
    reply.raw.once('close', () => {
      const exchange = request.exchange;
      request.log.info(
        {
          method: request.method,
          url: request.url,
          status: reply.raw.statusCode,
          durationMs: Math.round((clock.now() - exchange.arrivalMs) * 1000) / 1000,
          model: exchange.model,
          stream: exchange.stream,
          completionTokens: exchange.completionTokens,
          maxLatenessUs: exchange.maxLatenessUs === null ? null : Math.round(exchange.maxLatenessUs),
          blockedMs: exchange.blockedMs,
          streamEnd: exchange.streamEnd,
          aborted: !reply.raw.writableEnded,
          error: exchange.errorReason,
          fault: exchange.fault,
        },
        'request',
      );
    });
  });
}

export default fastifyPlugin(requestLog, {
  name: 'tokenpace-request-log',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange'],
});
