import {
  HEADER_ITL_MS,
  HEADER_OUTPUT_LENGTH,
  HEADER_TTFT_MS,
  type ResolvedTiming,
  resolveTiming,
  type TimingDefaults,
} from '@tokenpace/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers on a schedule: resolve X-TTFT-MS, X-ITL-MS and X-OUTPUT-LENGTH before its handler. */
    timed?: boolean;
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Resolves the timing of every timed route's request once, from its headers over the configured defaults,
 * drawing distribution samples from the server's timing generator. An invalid header throws the core
 * TimingParseError, which the error handler answers as a 400 naming the header.
 */
async function timing(app: FastifyInstance): Promise<void> {
  const { config } = app.tokenpace;
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config.timed !== true) return;
    request.exchange.timing = resolveRequestTiming(request, config.timing);
  });
}

/**
 * The timing of `request` from its headers over `defaults` (the config's, or a scripted rule's), with samples
 * drawn from the server's timing generator. Throws TimingParseError for an invalid header.
 */
export function resolveRequestTiming(request: FastifyRequest, defaults: TimingDefaults): ResolvedTiming {
  const { config, rngs } = request.server.tokenpace;
  const headers = request.headers;
  return resolveTiming(
    {
      ttft: headerText(headers[HEADER_TTFT_MS]),
      itl: headerText(headers[HEADER_ITL_MS]),
      outputLength: headerText(headers[HEADER_OUTPUT_LENGTH]),
    },
    defaults,
    config.caps,
    rngs.timing,
  );
}

export default fastifyPlugin(timing, {
  name: 'tokenpace-timing',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange'],
});

/** The timing resolved for a timed route's request (set before its handler runs). */
export function timingOf(request: FastifyRequest): ResolvedTiming {
  const resolved = request.exchange.timing;
  if (resolved === null) throw new Error(`Route ${request.url} reads timing but is not configured as timed.`);
  return resolved;
}
