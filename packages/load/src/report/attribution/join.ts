import { SignedHistogram } from '../signed-histogram.js';
import type { ClientRequest } from './client-requests.js';
import { type ClockOffset, estimateClockOffset, type RoundTrip } from './clock-offset.js';
import type { GroundTruth, ServerRecord } from './ground-truth-log.js';

/** The measures attributed, and the shares each is split into. */
export const MEASURES = ['ttft', 'itl', 'e2e'] as const;
export type Measure = (typeof MEASURES)[number];

/**
 * observed − configured (what the client alone reports) = path (observed at the client − actually sent) +
 * emulator (actually sent − configured). Path is the system under test plus the client and the kernel.
 */
export const SHARES = ['observedMinusConfigured', 'path', 'emulator'] as const;
export type Share = (typeof SHARES)[number];

export type ShareHistograms = Record<Share, SignedHistogram>;

export interface ScenarioAttribution {
  readonly scenario: string;
  /** Requests matched and measured (failed ones are counted, not measured). */
  requests: number;
  failed: number;
  /** Requests whose client-side gap count differs from the tokens the server sent (n > 1, re-chunking). */
  gapMismatches: number;
  readonly histograms: Record<Measure, ShareHistograms>;
  /**
   * With a clock offset: the one-way request leg (client sent → server arrival) and the first token's response
   * leg (server sent → client received), µs, each uncertain by the offset's uncertainty.
   */
  readonly requestLeg: SignedHistogram;
  readonly firstTokenLeg: SignedHistogram;
}

export interface Attribution {
  readonly scenarios: readonly ScenarioAttribution[];
  readonly matched: number;
  /** Keyed client requests the ground truth does not hold (another emulator, a log not given, a lost line). */
  readonly clientOnly: number;
  /** Keyed server records no client sample names (other runs in the same log, requests that never returned). */
  readonly serverOnly: number;
  readonly duplicateKeys: number;
  readonly clock: ClockOffset | null;
}

function shareHistograms(): ShareHistograms {
  return {
    observedMinusConfigured: new SignedHistogram(),
    path: new SignedHistogram(),
    emulator: new SignedHistogram(),
  };
}

function newScenario(scenario: string): ScenarioAttribution {
  return {
    scenario,
    requests: 0,
    failed: 0,
    gapMismatches: 0,
    histograms: { ttft: shareHistograms(), itl: shareHistograms(), e2e: shareHistograms() },
    requestLeg: new SignedHistogram(),
    firstTokenLeg: new SignedHistogram(),
  };
}

/** Records one measure's three shares: observed, actually sent and configured, all µs (configured may be unknown). */
function recordShares(
  into: ShareHistograms,
  observedUs: number,
  sentUs: number,
  configuredUs: number | null,
): void {
  into.path.record(observedUs - sentUs);
  if (configuredUs === null) return;
  into.observedMinusConfigured.record(observedUs - configuredUs);
  into.emulator.record(sentUs - configuredUs);
}

function attributeRequest(into: ScenarioAttribution, client: ClientRequest, server: ServerRecord): void {
  const sent = server.tokensSentUs;
  const { histograms } = into;
  if (client.ttftUs !== null && sent.length > 0) {
    recordShares(histograms.ttft, client.ttftUs, sent[0] as number, server.firstDueUs);
  }
  if (client.itlUs.length === sent.length - 1) {
    for (let index = 1; index < sent.length; index++) {
      const sentGapUs = (sent[index] as number) - (sent[index - 1] as number);
      recordShares(histograms.itl, client.itlUs[index - 1] as number, sentGapUs, server.itlUs);
    }
  } else if (sent.length > 0) {
    into.gapMismatches += 1;
  }
  if (client.e2eUs !== null && server.endSentUs !== null) {
    recordShares(histograms.e2e, client.e2eUs, server.endSentUs, server.lastDueUs);
  }
}

/**
 * A streamed request as a round trip to its first token: the token's send time is stamped right after its
 * write, while the response's end is stamped when Node reports it finished, which can trail the bytes. The
 * client's send time is its sample stamp less its e2e; the stamp comes just after the response ended.
 */
function roundTripOf(client: ClientRequest, server: ServerRecord): RoundTrip | null {
  const firstSentUs = server.tokensSentUs[0];
  if (
    client.stampedEpochUs === null ||
    client.e2eUs === null ||
    client.ttftUs === null ||
    firstSentUs === undefined
  ) {
    return null;
  }
  const clientSentEpochUs = client.stampedEpochUs - client.e2eUs;
  return {
    clientSentEpochUs,
    serverReceivedEpochUs: server.arrivalEpochUs,
    serverSentEpochUs: server.arrivalEpochUs + firstSentUs,
    clientReceivedEpochUs: clientSentEpochUs + client.ttftUs,
  };
}

/**
 * Joins the client's keyed requests with the server's records: per scenario (the client's), the TTFT, each
 * gap and the end split into path and emulator shares. Durations on each side are read on that side's own
 * clock, so these shares need no clock offset; the one-way legs do, and are filled only when one can be
 * estimated from the requests themselves.
 */
export function attribute(clients: ReadonlyMap<string, ClientRequest>, truth: GroundTruth): Attribution {
  const scenarios = new Map<string, ScenarioAttribution>();
  const pairs: [ClientRequest, ServerRecord][] = [];
  let clientOnly = 0;
  for (const client of clients.values()) {
    const server = truth.records.get(client.key);
    if (server === undefined) {
      if (!truth.duplicateKeys.has(client.key)) clientOnly += 1;
      continue;
    }
    pairs.push([client, server]);
  }
  const trips = pairs.flatMap(([client, server]) => {
    const trip = client.failed ? null : roundTripOf(client, server);
    return trip === null ? [] : [trip];
  });
  const clock = estimateClockOffset(trips);
  for (const [client, server] of pairs) {
    let into = scenarios.get(client.scenario);
    if (into === undefined) {
      into = newScenario(client.scenario);
      scenarios.set(client.scenario, into);
    }
    if (client.failed) {
      into.failed += 1;
      continue;
    }
    into.requests += 1;
    attributeRequest(into, client, server);
    if (clock !== null && client.stampedEpochUs !== null && client.e2eUs !== null) {
      const clientSentEpochUs = client.stampedEpochUs - client.e2eUs;
      const requestLegUs = server.arrivalEpochUs - clock.offsetUs - clientSentEpochUs;
      into.requestLeg.record(requestLegUs);
      if (client.ttftUs !== null && server.tokensSentUs.length > 0) {
        into.firstTokenLeg.record(client.ttftUs - requestLegUs - (server.tokensSentUs[0] as number));
      }
    }
  }
  const matchedKeys = new Set(pairs.map(([client]) => client.key));
  let serverOnly = 0;
  for (const key of truth.records.keys()) if (!matchedKeys.has(key)) serverOnly += 1;
  return {
    scenarios: [...scenarios.values()].sort((a, b) => a.scenario.localeCompare(b.scenario)),
    matched: pairs.length,
    clientOnly,
    serverOnly,
    duplicateKeys: truth.duplicateKeys.size,
    clock,
  };
}
