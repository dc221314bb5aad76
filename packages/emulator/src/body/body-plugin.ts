import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { BodyBudget } from '../limits/body-budget.js';
import { BodyDeadlines } from './body-deadlines.js';
import { createBodyReader } from './read-json-body.js';

/**
 * Deepest JSON nesting a body may have: far beyond any request the APIs take (a structured-output schema nests
 * a few dozen levels), far below what costs the parser or a recursive reader of the body anything.
 */
export const MAX_JSON_DEPTH = 128;
/**
 * Most values (array elements and object members) a body may hold: a million small values parse in tens of ms;
 * the 16 million a 32 MiB body of `[1,1,…]` holds take seconds and hundreds of MB.
 */
export const MAX_JSON_VALUES = 1_000_000;

export interface BodyState {
  budget: BodyBudget;
}

declare module 'fastify' {
  interface FastifyInstance {
    tokenpaceBody: BodyState;
  }
}

/** Reads every body through the bounded JSON reader and gives back its budget bytes when the response closes. */
async function body(app: FastifyInstance): Promise<void> {
  const { config } = app.tokenpace;
  const { bodyTimeoutS, maxBodyBytesInFlight, overloadStatus, retryAfterMs } = config.limits;
  const budget = new BodyBudget(maxBodyBytesInFlight);
  // A timeout fires at most a quarter of itself (and never more than 250 ms) late.
  const deadlines = new BodyDeadlines(Math.max(10, Math.min(250, (bodyTimeoutS * 1000) / 4)));
  app.addHook('onClose', async () => deadlines.stop());
  app.decorate('tokenpaceBody', { budget });
  app.decorateRequest('bodyBytesHeld', 0);
  app.tokenpaceExchange.onResponseClose((request) => {
    if (request.bodyBytesHeld > 0) {
      budget.release(request.bodyBytesHeld);
      request.bodyBytesHeld = 0;
    }
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    createBodyReader({
      limitBytes: config.bodyLimitBytes,
      timeoutS: bodyTimeoutS,
      shape: { maxDepth: MAX_JSON_DEPTH, maxValues: MAX_JSON_VALUES },
      budget,
      deadlines,
      overloadStatus,
      retryAfterMs,
    }),
  );
}

export default fastifyPlugin(body, {
  name: 'tokenpace-body',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange'],
});
