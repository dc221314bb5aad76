import {
  HEADER_ITL_MS,
  HEADER_OUTPUT_LENGTH,
  HEADER_TTFT_MS,
  type LatencyProgram,
  type LatencySpec,
  ProgramClock,
  type ProgrammedTiming,
  type ProgramSlot,
  ProgramSlots,
  type ResolvedTiming,
  resolveProgrammedTiming,
  tailCount,
} from '@tokenpace/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { serverStartEpochMs } from '../programs/program-origin.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers on a schedule: resolve X-TTFT-MS, X-ITL-MS and X-OUTPUT-LENGTH before its handler. */
    timed?: boolean;
  }
  interface FastifyInstance {
    /** Latency programs: the defaults' and every header text's (with their tail counts), and program time. */
    tokenpacePrograms: { slots: ProgramSlots; clock: ProgramClock };
  }
}

/** Defaults a request's timing is resolved over: the configured ones, or a scripted rule's. */
export interface RequestTimingDefaults {
  ttft: LatencyProgram;
  itl: LatencyProgram;
  outputLength: number;
}

/** Slots of defaults other than the configured ones (a scripted rule's), so that their tails count too. */
const ruleSlots = new WeakMap<LatencyProgram, ProgramSlot>();

function ruleSlot(program: LatencyProgram): ProgramSlot {
  let slot = ruleSlots.get(program);
  if (slot === undefined) {
    slot = { program, counters: new Float64Array(tailCount(program)) };
    ruleSlots.set(program, slot);
  }
  return slot;
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
  const { config, clock, worker } = app.tokenpace;
  let start = config.timing.programStart;
  if (start.kind === 'server-start' && worker.count > 1) {
    // Workers start one after another; they take the primary's start so that their programs step together.
    try {
      start = { kind: 'at', epochMs: await serverStartEpochMs() };
    } catch (error) {
      app.log.warn({ err: error }, 'programs count from this worker’s start: no answer from the primary');
    }
  }
  app.decorate('tokenpacePrograms', {
    slots: new ProgramSlots({ defaults: config.timing, caps: config.caps }),
    clock: new ProgramClock(
      start,
      () => clock.now(),
      () => clock.epochMs(),
    ),
  });
  // A callback hook: it runs on every timed request and needs no promise.
  app.tokenpacePipeline.add('resolve-timing', (request, _reply, done) => {
    if (request.routeOptions.config.timed !== true) return done();
    try {
      request.exchange.timing = resolveRequestTiming(request, config.timing);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
}

/**
 * The timing of `request` from its headers over `defaults` (the config's, or a scripted rule's), with samples
 * drawn from the server's timing generator. Latencies may be programs, evaluated at the request's program time;
 * requests with the same header text (or the same default) share that program's tail counts. Throws
 * TimingParseError for an invalid header.
 */
export function resolveRequestTiming(
  request: FastifyRequest,
  defaults: RequestTimingDefaults,
): ProgrammedTiming {
  const { config, rngs } = request.server.tokenpace;
  const { slots, clock } = request.server.tokenpacePrograms;
  const headers = request.headers;
  const ttftText = headerText(headers[HEADER_TTFT_MS]);
  const itlText = headerText(headers[HEADER_ITL_MS]);
  const ttft =
    ttftText !== undefined || defaults.ttft === config.timing.ttft
      ? slots.ttft(ttftText)
      : ruleSlot(defaults.ttft);
  const itl =
    itlText !== undefined || defaults.itl === config.timing.itl ? slots.itl(itlText) : ruleSlot(defaults.itl);
  // Resolved again (a scripted rule's timing over the defaults): a program already evaluated for this request
  // keeps the value it gave, so that its tails count each request once.
  const previous = request.exchange.timing as ProgrammedTiming | null;
  const timing = resolveProgrammedTiming(
    {
      ttft: previous?.ttftProgram === ttft.program ? evaluatedSlot(previous.ttftSpec) : ttft,
      itl: previous?.itlProgram === itl.program ? evaluatedSlot(previous.itlSpec) : itl,
      outputLength: headerText(headers[HEADER_OUTPUT_LENGTH]),
    },
    defaults.outputLength,
    config.caps,
    rngs.timing,
    clock.elapsedMs(),
  );
  return { ...timing, ttftProgram: ttft.program, itlProgram: itl.program };
}

const NO_COUNTERS = new Float64Array(0);

function evaluatedSlot(spec: LatencySpec): ProgramSlot {
  return { program: spec, counters: NO_COUNTERS };
}

export default fastifyPlugin(timing, {
  name: 'tokenpace-timing',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange', 'tokenpace-pipeline'],
});

/** The timing resolved for a timed route's request (set before its handler runs). */
export function timingOf(request: FastifyRequest): ResolvedTiming {
  const resolved = request.exchange.timing;
  if (resolved === null) throw new Error(`Route ${request.url} reads timing but is not configured as timed.`);
  return resolved;
}
