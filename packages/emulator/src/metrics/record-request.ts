import type { FastifyRequest } from 'fastify';
import { type EmulatorMetrics, ENGINE_LABEL } from './emulator-metrics.js';
import type { RequestOutcome } from './request-outcome.js';

/** Fault label of requests without an injected fault. */
export const NO_FAULT = 'none';

/**
 * The `fault` label of a request: the kinds of the faults it carried, without their parameters (which would make
 * a series per value), e.g. `stall(after=5,ms=2000), no-done` → `stall+no-done`.
 */
export function faultLabel(fault: string | null): string {
  if (fault === null || fault === '') return NO_FAULT;
  return fault
    .replace(/\([^()]*\)/g, '')
    .split(',')
    .map((kind) => kind.trim())
    .filter((kind) => kind !== '')
    .join('+');
}

/** What the metrics need of a request that has just closed. */
export interface ClosedRequest {
  request: FastifyRequest;
  outcome: RequestOutcome;
  /** Clock time the last byte was handed to the socket; −1 when the response never finished. */
  finishedMs: number;
}

/** Counts one closed request in every metric it belongs to; called once per request, never per token. */
export function recordRequest(metrics: EmulatorMetrics, closed: ClosedRequest): void {
  const { request, outcome } = closed;
  const exchange = request.exchange;
  const modelLabel = metrics.modelLabel(exchange.model);
  metrics.requests
    .cell(
      modelLabel,
      request.routeOptions.url ?? 'unmatched',
      outcome.mode,
      String(outcome.status),
      faultLabel(exchange.fault),
    )
    .inc();
  if (outcome.clientAborted && exchange.model !== null)
    metrics.clientAborts.cell(modelLabel, outcome.mode).inc();
  if (outcome.mode === 'unary' && exchange.maxLatenessUs !== null && outcome.completed) {
    metrics.bodyLateness.observe(exchange.maxLatenessUs / 1e6);
  }
  if (outcome.finishedReason === null) return;
  const cells = metrics.cellsFor(modelLabel);
  const promptTokens = exchange.promptTokens ?? 0;
  cells.promptTokens.inc(promptTokens);
  cells.requestPromptTokens.observe(promptTokens);
  cells.generationTokens.inc(outcome.tokensSent);
  cells.requestGenerationTokens.observe(outcome.tokensSent);
  metrics.requestSuccess.cell(modelLabel, ENGINE_LABEL, outcome.finishedReason).inc();
  if (exchange.blockedMs !== null && exchange.blockedMs > 0)
    cells.blockedSeconds.inc(exchange.blockedMs / 1000);
  if (outcome.completed && closed.finishedMs >= 0) {
    cells.e2e.observe((closed.finishedMs - exchange.arrivalMs) / 1000);
    cells.queueTime.observe(0);
  }
}
