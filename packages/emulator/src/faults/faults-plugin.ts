import {
  type ErrorKind,
  type Fault,
  formatFaults,
  HEADER_SHOULD_RETRY,
  RESPONSE_HEADER_FAULT,
} from '@tokenpace/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { errorBodyFor } from '../anthropic/anthropic-errors.js';
import { presentedApiKey } from '../auth/api-key.js';
import { renderStreamError } from '../delivery/token-stream.js';
import { addResponseHeaders } from '../plugins/response-headers.js';
import { requestView } from '../scripted/scripted-answer.js';
import { sharedTrafficState } from '../traffic-state/shared-traffic-state.js';
import { chooseFaults, chooseInjectedError, type FaultSources, type ShareChoice } from './choose-faults.js';
import { triggeredErrorKind } from './error-trigger.js';
import { createFaultSelector } from './fault-state.js';
import { InjectedError } from './injected-error.js';
import { readFaultHeaders, shouldRetryHeader } from './request-headers.js';
import { applyStreamFaults, type StreamFaultEffect, streamFaultEffect } from './stream-faults.js';
import { applyUnaryFaults } from './unary-faults.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The delivery faults chosen for this request (null for none), once the faults plugin ran. */
    deliveryFaults: readonly Fault[] | null;
  }
}

/** How `exchange.fault` names a fault set: its kinds, joined by `+` (a bounded set of labels). */
function faultLabel(faults: readonly Fault[]): string {
  return [...new Set(faults.map((fault) => fault.kind))].join('+');
}

/**
 * Injected errors and delivery faults. Before a timed route's handler: a message that is exactly `[429]` (or
 * any X-Error value in brackets) fails with that error; else X-Error / X-Error-Rate, a matched rule or the
 * config may fail it (exact ratio or seeded random). Otherwise the delivery faults of X-Fault, the rule or the
 * config are chosen; delivery applies them: to a stream's plan before it starts, to a body when it is due. Every error
 * response gets `x-should-retry` when the request or the config sets it.
 */
async function faults(app: FastifyInstance): Promise<void> {
  const { config, worker } = app.tokenpace;
  const selector = createFaultSelector(config.seed, worker.index);
  const traffic = sharedTrafficState(app);
  // Exact shares count in the traffic state (server-wide with several workers); random ones draw here, seeded.
  const choose: ShareChoice = (key, share, mode) =>
    mode === 'random' || share.numerator === 0 || share.numerator === share.denominator
      ? selector.select(key, share, mode)
      : traffic.selectExact(key, share);
  const maxStallMs = config.caps.ttftMs;
  app.decorateRequest('deliveryFaults', null);

  const errorContext = (request: FastifyRequest, retryAfterMs: number) => ({
    model: request.exchange.model ?? (request.body as { model?: string } | null)?.model ?? 'unknown',
    requestId: request.id,
    retryAfterMs,
    apiKey: presentedApiKey(request.headers),
  });
  const injectedError = (request: FastifyRequest, kind: ErrorKind, retryAfterMs: number): InjectedError => {
    request.exchange.fault = `error:${kind.id}`;
    addResponseHeaders(request, { [RESPONSE_HEADER_FAULT]: `error:${kind.id}` });
    return new InjectedError(kind, errorContext(request, retryAfterMs));
  };
  const nothingConfigured = config.faults.errorRate.numerator === 0 && config.faults.inject.length === 0;
  /** What the faults chosen for a request do, and the retry delay its error events announce. */
  const chosenFaults = new WeakMap<FastifyRequest, { effect: StreamFaultEffect; retryAfterMs: number }>();

  /** Draws the error or the delivery faults of a request that asks for some, or whose rule or config does. */
  const chooseFor = async (
    request: FastifyRequest,
    sources: FaultSources,
    retryAfterMs: number,
  ): Promise<void> => {
    const kind = await chooseInjectedError(sources, choose);
    if (kind !== null) throw injectedError(request, kind, retryAfterMs);
    const chosen = await chooseFaults(sources, choose);
    if (chosen.length === 0) return;
    request.deliveryFaults = chosen;
    chosenFaults.set(request, { effect: streamFaultEffect(chosen), retryAfterMs });
    request.exchange.fault = faultLabel(chosen);
    addResponseHeaders(request, { [RESPONSE_HEADER_FAULT]: formatFaults(chosen) });
  };

  // After the scripted plugin's preHandler, so that a matched rule's errors and faults are known. A callback
  // hook: the common case is synchronous and needs no promise.
  app.tokenpacePipeline.add('choose-faults', (request, _reply, done) => {
    if (request.routeOptions.config.timed !== true) return done();
    const headers = readFaultHeaders(request.headers, maxStallMs);
    const retryAfterMs = headers.retryAfterMs ?? config.faults.retryAfterMs;
    const triggered = triggeredErrorKind(requestView(request)?.lastUserMessage ?? null);
    if (triggered !== null) return done(injectedError(request, triggered, retryAfterMs));
    const rule = request.scriptedRule;
    const asked =
      headers.error !== undefined || headers.errorRate !== undefined || (headers.faults?.length ?? 0) > 0;
    // The common case under load: nothing to inject, and no counter to advance.
    if (nothingConfigured && rule === null && !asked) return done();
    chooseFor(request, { headers, rule, config: config.faults }, retryAfterMs).then(() => done(), done);
  });

  app.tokenpace.deliveryHooks.addRewriter((request, plan) => {
    const faulted = chosenFaults.get(request);
    if (faulted === undefined) return null;
    const { effect, retryAfterMs } = faulted;
    return applyStreamFaults(plan, effect, (fault) =>
      renderStreamError(plan, new InjectedError(fault.error, errorContext(request, retryAfterMs))),
    );
  });

  // A faulted body, once it is due: its stalls on the scheduler, then a cut or the fault's error in its place.
  app.tokenpace.deliveryHooks.addBodyRewriter((request, reply) => {
    const faulted = request.deliveryFaults === null ? undefined : chosenFaults.get(request);
    if (faulted === undefined) return null;
    const { effect, retryAfterMs } = faulted;
    return async () => {
      const outcome = await applyUnaryFaults(request, reply, effect, () => {
        const error = new InjectedError(
          effect.errorFault?.error ?? config.faults.error,
          errorContext(request, retryAfterMs),
        );
        return {
          status: error.status,
          headers: error.headers,
          body: JSON.stringify(errorBodyFor(request, error)),
        };
      });
      if (outcome.cut) return { kind: 'cut' };
      if (outcome.error === null) return { kind: 'send' };
      request.exchange.errorReason = 'fault_error';
      return { kind: 'replace', ...outcome.error };
    };
  });

  // Every error response, whichever stage answered it, says whether to retry when the request or config asks.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode >= 400) {
      const shouldRetry = shouldRetryHeader(request.headers) ?? config.faults.shouldRetry;
      if (shouldRetry !== null) reply.header(HEADER_SHOULD_RETRY, String(shouldRetry));
    }
    done(null, payload);
  });
}

export default fastifyPlugin(faults, {
  name: 'tokenpace-faults',
  fastify: '5.x',
  dependencies: [
    'tokenpace-services',
    'tokenpace-exchange',
    'tokenpace-pipeline',
    'tokenpace-timing',
    'tokenpace-scripted',
  ],
});
