import type { FastifyInstance } from 'fastify';
import type { InFlightStats } from '../delivery/in-flight.js';
import {
  LatenessHistogram,
  type LatenessSnapshot,
  type LatenessSummary,
} from '../scheduler/lateness-histogram.js';
import type { SchedulerStats } from '../scheduler/stream-scheduler.js';
import type { ProcessStats, ProcessWatch } from './process-stats.js';

/** Concurrency limit of one process (its share of the server-wide limit) and what it refused. */
export interface LimitStats {
  /** Timed requests admitted and not yet answered. */
  inFlight: number;
  /** The enforced limit (summed over workers); 0 for none. */
  limit: number;
  /** Requests refused as over capacity since start. */
  refused: number;
}

/** One process's statistics in a form that crosses IPC and merges exactly. */
export interface StatsSnapshot {
  /** Processes the snapshot covers. */
  processCount: number;
  scheduler: SchedulerStats;
  lateness: LatenessSnapshot;
  streams: InFlightStats;
  limits: LimitStats;
  /** Memory, handles and event-loop delay of each process. */
  processes: ProcessStats[];
  /** Workers that died unexpectedly and were restarted (set by the primary; 0 in one process). */
  workerDeaths: number;
}

/** `/stats`: the whole server, every worker merged. */
export interface StatsBody {
  /** Worker processes whose numbers are included (one when serving in-process). */
  workers: number;
  /** Workers that did not answer in time (their numbers are missing). */
  workersMissing: number;
  scheduler: SchedulerStats;
  /** Lateness of every token and body since start, µs. */
  lateness: LatenessSummary;
  streams: InFlightStats;
  limits: LimitStats;
  /** Each process (worker) on its own: memory, open handles, event-loop delay. */
  processes: ProcessStats[];
  /** Workers that died unexpectedly since start, each restarted; their numbers before dying are lost. */
  workerDeaths: number;
}

/** This process's statistics now. */
export function statsSnapshot(app: FastifyInstance, watch: ProcessWatch): StatsSnapshot {
  const { scheduler, inFlight } = app.tokenpace;
  const gate = app.tokenpaceLimits.gate;
  return {
    processCount: 1,
    scheduler: scheduler.stats(),
    lateness: scheduler.lateness.snapshot(),
    streams: inFlight.stats(),
    limits: { inFlight: gate.inFlight, limit: gate.limit, refused: gate.refused },
    processes: [watch.stats()],
    workerDeaths: 0,
  };
}

function sumFields<Shape extends object>(items: readonly Shape[], maxKeys: ReadonlySet<string>): Shape {
  const total: Record<string, number> = {};
  for (const item of items) {
    for (const [key, value] of Object.entries(item)) {
      if (typeof value !== 'number') continue;
      const current = total[key] ?? 0;
      total[key] = maxKeys.has(key) ? Math.max(current, value) : current + value;
    }
  }
  return total as Shape;
}

/** Fields that merge as a maximum; every other number is a count or a sum and adds up. */
const MAX_FIELDS = new Set(['maxBlockedMs']);

/** Merges the snapshots of several processes: counts add up, histograms merge bucket by bucket. */
export function mergeStatsSnapshots(snapshots: readonly StatsSnapshot[]): StatsSnapshot {
  const lateness = new LatenessHistogram();
  for (const snapshot of snapshots) lateness.merge(snapshot.lateness);
  return {
    processCount: snapshots.reduce((total, snapshot) => total + snapshot.processCount, 0),
    scheduler: sumFields(
      snapshots.map((snapshot) => snapshot.scheduler),
      MAX_FIELDS,
    ),
    lateness: lateness.snapshot(),
    streams: sumFields(
      snapshots.map((snapshot) => snapshot.streams),
      MAX_FIELDS,
    ),
    limits: sumFields(
      snapshots.map((snapshot) => snapshot.limits),
      MAX_FIELDS,
    ),
    processes: snapshots
      .flatMap((snapshot) => snapshot.processes)
      .sort((first, second) => first.worker - second.worker),
    workerDeaths: snapshots.reduce((total, snapshot) => total + (snapshot.workerDeaths ?? 0), 0),
  };
}

/** The `/stats` body of a (merged) snapshot. */
export function statsBody(snapshot: StatsSnapshot, workersMissing = 0): StatsBody {
  const lateness = new LatenessHistogram();
  lateness.merge(snapshot.lateness);
  return {
    workers: snapshot.processCount,
    workersMissing,
    scheduler: snapshot.scheduler,
    lateness: lateness.summary(),
    streams: snapshot.streams,
    limits: snapshot.limits,
    processes: snapshot.processes,
    workerDeaths: snapshot.workerDeaths ?? 0,
  };
}

/** The primary's answer to a worker's `stats` ask: every worker's snapshot, merged. */
export interface MergedStats {
  snapshot: StatsSnapshot;
  workersMissing: number;
}
