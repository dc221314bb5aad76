import { findRequestKey, HEADER_CLIENT_REQUEST_ID, isRequestKey } from '@tokenpace/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { METRICS_PATH } from '../metrics/metrics-route.js';
import { epochOffsetMs } from './epoch-offset.js';
import { groundTruthRecord } from './ground-truth-record.js';
import { JsonLinesAppender } from './json-lines-appender.js';
import { SendTimes } from './send-times.js';

/** Longest client request id kept, as OpenAI's API accepts them. */
const MAX_CLIENT_REQUEST_ID_CHARS = 512;

function clientRequestId(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value.join(', ') : value;
  return text === undefined ? null : text.slice(0, MAX_CLIENT_REQUEST_ID_CHARS);
}

/**
 * The key that matches this request to a client's samples: the marker in its prompt (it survives any gateway),
 * else its `X-Client-Request-Id` when that is a valid key.
 */
function requestKey(request: FastifyRequest, clientId: string | null): string | null {
  return findRequestKey(request.body) ?? (clientId !== null && isRequestKey(clientId) ? clientId : null);
}

/** Raised at start when the ground-truth log cannot be opened: the server does not start without it. */
export class GroundTruthLogError extends Error {
  readonly code = 'ground_truth_log_unavailable' as const;

  constructor(path: string, cause: unknown) {
    super(
      `cannot open the ground-truth log ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'GroundTruthLogError';
  }
}

/**
 * The ground-truth log (`--ground-truth-log FILE`): one JSON line per request, written once its response has
 * closed — configured timing, planned schedule, what was sent and when — so a load test's client-side view can be
 * reconciled with the server's, request by request (`requestId` is the `x-request-id` response header; `requestKey`
 * the key the client put in the prompt or in `X-Client-Request-Id`), and every content token's true send time.
 * Lines are buffered and appended in batches; every worker appends to the same file.
 */
async function groundTruthPlugin(app: FastifyInstance): Promise<void> {
  const { config, clock, worker } = app.tokenpace;
  const path = config.groundTruth.file;
  if (path === null) return;
  let appender: JsonLinesAppender;
  try {
    appender = await JsonLinesAppender.open(path);
  } catch (error) {
    throw new GroundTruthLogError(path, error);
  }
  const epochOffset = epochOffsetMs(clock);
  const sendTimes = new WeakMap<FastifyRequest, SendTimes>();
  app.tokenpace.deliveryHooks.add((request, plan) => {
    const times = new SendTimes(plan.startMs, plan.offsetsMs.length);
    sendTimes.set(request, times);
    return times;
  });
  app.tokenpaceMetrics.onClosedRequest((request, observation) => {
    // Scrapes are the monitoring's own traffic, every second or so: not part of the load being reconciled.
    if (request.routeOptions.url === METRICS_PATH) return;
    const clientId = clientRequestId(request.headers[HEADER_CLIENT_REQUEST_ID]);
    const nowMs = clock.now();
    appender.append(
      groundTruthRecord(request.exchange, observation, {
        requestId: request.id,
        clientRequestId: clientId,
        requestKey: requestKey(request, clientId),
        sendTimes: sendTimes.get(request) ?? null,
        worker: worker.index,
        method: request.method,
        route: request.routeOptions.url ?? request.url.split('?')[0] ?? request.url,
        nowMs,
        epochMs: epochOffset + nowMs,
      }),
    );
  });
  // After the server has closed, every request has closed too and queued its line.
  app.addHook('onClose', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    await appender.close();
    if (appender.dropped > 0 || appender.failure !== null) {
      app.log.error(
        { path, dropped: appender.dropped, err: appender.failure ?? undefined },
        'ground-truth log incomplete: lines were dropped',
      );
    }
  });
}

export default fastifyPlugin(groundTruthPlugin, {
  name: 'tokenpace-ground-truth',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange', 'tokenpace-metrics'],
});
