import type { FastifyInstance } from 'fastify';
import { ClusterTrafficState } from './cluster-traffic-state.js';
import { LocalTrafficState, type TrafficState } from './traffic-state.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Exact-ratio counters and rate-limit buckets: this process's, or the primary's with several workers. */
    tokenpaceTraffic: TrafficState;
  }
}

/**
 * The traffic state the faults and rate-limit plugins count in, made by whichever asks first. One process keeps
 * its own, on the app's clock (tests inject a manual one); a worker of a multi-process server asks the primary,
 * which holds the one state of the whole server.
 */
export function sharedTrafficState(app: FastifyInstance): TrafficState {
  if (app.hasDecorator('tokenpaceTraffic')) return app.tokenpaceTraffic;
  const { config, clock, worker } = app.tokenpace;
  const limits = {
    requestsPerMinute: config.rateLimits.requestsPerMinute,
    tokensPerMinute: config.rateLimits.tokensPerMinute,
  };
  const local = new LocalTrafficState(limits, () => clock.now());
  const shared = worker.count > 1 && typeof process.send === 'function';
  const state: TrafficState = shared
    ? new ClusterTrafficState(local, (error) =>
        app.log.warn({ err: error }, 'traffic state: the primary did not answer; counting in this worker'),
      )
    : local;
  app.decorate('tokenpaceTraffic', state);
  return state;
}
