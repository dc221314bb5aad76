import {
  formatLatencyProgram,
  formatLatencySpec,
  type ProgrammedTiming,
  type ResolvedTiming,
} from '@tokenpace/core';
import type { RequestObservation } from '../metrics/metrics-plugin.js';
import type { Exchange } from '../plugins/exchange.js';
import type { SendTimes } from './send-times.js';

/**
 * One line of the ground-truth log: what the server was asked for and what it did, for one request. Times are
 * milliseconds from the request's arrival (its t0, `arrivalEpochMs` on the wall clock), to the microsecond,
 * unless named otherwise.
 */
export interface GroundTruthRecord {
  /** The server's id, sent back as `x-request-id`. */
  requestId: string;
  /** The client's own id, from its `X-Client-Request-Id` header (as OpenAI's API accepts it); null without. */
  clientRequestId: string | null;
  /** The key the client put in the prompt (`[tokenpace-key:KEY]`), else its valid `X-Client-Request-Id`; or null. */
  requestKey: string | null;
  /** Worker process that served it (0 when serving in-process). */
  worker: number;
  /** Wall-clock time of arrival, ms since the Unix epoch, to the microsecond; and the same as ISO 8601. */
  arrivalEpochMs: number;
  arrivedAt: string;
  method: string;
  /** Route pattern, or the path when no route matched. */
  route: string;
  model: string | null;
  mode: 'stream' | 'unary';
  /** HTTP status sent; 499 when the client left before any response. */
  status: number;
  /** The timing in force; null for requests that never got one (not a timed route, or an invalid header). */
  configured: {
    /** The value each latency had when the request arrived (a program's value at that moment). */
    ttft: string;
    itl: string;
    /** The program it came from, when it is not a plain value. */
    ttftProgram?: string;
    itlProgram?: string;
    /** The values drawn for this request. */
    ttftMs: number;
    itlMs: number;
    outputLength: number;
  } | null;
  /** The planned schedule: content steps (streams) and when the first and last were due, or the body's due time. */
  schedule:
    | { steps: number; firstDueMs: number | null; lastDueMs: number | null }
    | { bodyDueMs: number }
    | null;
  /** Where the schedule's deadlines count from, ms after t0 (0: deadlines are offsets from arrival); null without. */
  deadlineBaseMs: number | null;
  /**
   * What left: the first and last content writes (streams) and the response's last byte; null where nothing did.
   * `tokensUs` is when each content step was handed to the socket, integer µs, delta-encoded: the first from t0,
   * each later one from the step before (0 for steps that shared a write); null for unary responses.
   */
  sent: {
    steps: number | null;
    firstMs: number | null;
    lastMs: number | null;
    endMs: number | null;
    tokensUs: number[] | null;
  };
  /** Worst lateness the scheduler caused (a token or the body), µs. */
  maxLatenessUs: number | null;
  /** Time a stream waited for its client to read, ms. */
  blockedMs: number | null;
  tokens: { prompt: number | null; completion: number | null; sent: number };
  finishedReason: string | null;
  /** How a stream ended: completed, client_gone, interrupted, stalled or destroyed. */
  streamEnd: string | null;
  /** The faults injected into it (canonical text), or null. */
  fault: string | null;
  clientAborted: boolean;
}

/** Microsecond resolution, the resolution of the harness's histograms. */
function micros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function offset(timeMs: number, arrivalMs: number): number | null {
  return timeMs < 0 ? null : micros(timeMs - arrivalMs);
}

function isProgrammed(timing: ResolvedTiming): timing is ProgrammedTiming {
  return 'ttftProgram' in timing && 'itlProgram' in timing;
}

function configuredOf(timing: ResolvedTiming | null): GroundTruthRecord['configured'] {
  if (timing === null) return null;
  const configured: NonNullable<GroundTruthRecord['configured']> = {
    ttft: formatLatencySpec(timing.ttftSpec),
    itl: formatLatencySpec(timing.itlSpec),
    ttftMs: timing.ttftMs,
    itlMs: timing.itlMs,
    outputLength: timing.outputLength,
  };
  if (isProgrammed(timing)) {
    // A plain value is its own program: only a program that is more than its value is worth a field.
    if (timing.ttftProgram !== timing.ttftSpec)
      configured.ttftProgram = formatLatencyProgram(timing.ttftProgram);
    if (timing.itlProgram !== timing.itlSpec) configured.itlProgram = formatLatencyProgram(timing.itlProgram);
  }
  return configured;
}

export interface RecordContext {
  requestId: string;
  clientRequestId: string | null;
  requestKey: string | null;
  /** The stream's per-step send times, for streamed responses that started. */
  sendTimes: SendTimes | null;
  worker: number;
  method: string;
  route: string;
  /** Clock readings taken together when the record is made, to place the arrival on the wall clock. */
  nowMs: number;
  epochMs: number;
}

/** The record of a request whose response has closed (its observation's outcome is set). */
export function groundTruthRecord(
  exchange: Exchange,
  observation: RequestObservation,
  context: RecordContext,
): GroundTruthRecord {
  const outcome = observation.outcome;
  const stream = observation.stream;
  const arrivalMs = exchange.arrivalMs;
  const arrivalEpochMs = micros(context.epochMs - (context.nowMs - arrivalMs));
  const timing = exchange.timing;
  let schedule: GroundTruthRecord['schedule'] = null;
  if (stream !== null) schedule = stream.schedule;
  // The body's deadline as delivery computed it, never derived again here.
  else if (exchange.bodyDueMs !== null)
    schedule = { bodyDueMs: micros(exchange.bodyDueMs - exchange.arrivalMs) };
  return {
    requestId: context.requestId,
    clientRequestId: context.clientRequestId,
    requestKey: context.requestKey,
    worker: context.worker,
    arrivalEpochMs,
    arrivedAt: new Date(Math.floor(arrivalEpochMs)).toISOString(),
    method: context.method,
    route: context.route,
    model: exchange.model,
    mode: outcome?.mode ?? (exchange.stream ? 'stream' : 'unary'),
    status: outcome?.status ?? 0,
    configured: configuredOf(timing),
    schedule,
    deadlineBaseMs: context.sendTimes === null ? null : micros(context.sendTimes.deadlineBaseMs - arrivalMs),
    sent: {
      steps: stream === null ? null : stream.stepsWritten,
      firstMs: stream === null ? null : offset(stream.firstWrittenMs, arrivalMs),
      lastMs: stream === null ? null : offset(stream.lastWrittenMs, arrivalMs),
      endMs: offset(observation.finishedMs, arrivalMs),
      tokensUs: context.sendTimes === null ? null : context.sendTimes.deltasUs(arrivalMs),
    },
    maxLatenessUs: exchange.maxLatenessUs === null ? null : micros(exchange.maxLatenessUs),
    blockedMs: exchange.blockedMs,
    tokens: {
      prompt: exchange.promptTokens,
      completion: exchange.completionTokens,
      sent: outcome?.tokensSent ?? 0,
    },
    finishedReason: outcome?.finishedReason ?? null,
    streamEnd: exchange.streamEnd,
    fault: exchange.fault,
    clientAborted: outcome?.clientAborted ?? false,
  };
}
