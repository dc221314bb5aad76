/** One request as a round trip, NTP's four timestamps, µs since the epoch on each side's wall clock. */
export interface RoundTrip {
  /** Client: the request was sent. */
  readonly clientSentEpochUs: number;
  /** Server: the request arrived (t0). */
  readonly serverReceivedEpochUs: number;
  /** Server: the answer (the first token) was handed to the socket. */
  readonly serverSentEpochUs: number;
  /** Client: the answer arrived. */
  readonly clientReceivedEpochUs: number;
}

export interface ClockOffset {
  /** Server clock − client clock, µs. */
  readonly offsetUs: number;
  /** Half the shortest round trip: the true offset lies within offset ± this (NTP's bound), µs. */
  readonly uncertaintyUs: number;
  /** Round trips the estimate was taken from. */
  readonly roundTrips: number;
}

/** Fewer round trips than this give no estimate: one request's path may be unusually slow in one direction. */
export const MIN_ROUND_TRIPS = 3;

/**
 * The offset between the client's and the server's wall clocks, NTP-style, from requests as round trips: each
 * gives offset = ((server received − client sent) + (server sent − client received)) / 2, exact when both legs
 * take equally long and off by at most half its round trip otherwise; the shortest round trip bounds it best.
 * Null with fewer than {@link MIN_ROUND_TRIPS}.
 */
export function estimateClockOffset(trips: readonly RoundTrip[]): ClockOffset | null {
  if (trips.length < MIN_ROUND_TRIPS) return null;
  let best: { offsetUs: number; roundTripUs: number } | null = null;
  for (const trip of trips) {
    const roundTripUs =
      trip.clientReceivedEpochUs -
      trip.clientSentEpochUs -
      (trip.serverSentEpochUs - trip.serverReceivedEpochUs);
    // A negative round trip means a stamp is wrong or the clocks ran at different rates: not a usable sample.
    if (roundTripUs < 0) continue;
    const offsetUs =
      (trip.serverReceivedEpochUs -
        trip.clientSentEpochUs +
        (trip.serverSentEpochUs - trip.clientReceivedEpochUs)) /
      2;
    if (best === null || roundTripUs < best.roundTripUs) best = { offsetUs, roundTripUs };
  }
  if (best === null) return null;
  return {
    offsetUs: Math.round(best.offsetUs),
    uncertaintyUs: Math.max(1, Math.ceil(best.roundTripUs / 2)),
    roundTrips: trips.length,
  };
}

/**
 * The resolution attributed one-way figures are printed at: the smallest step of 1, 2 or 5 × 10^k µs that
 * is not finer than the uncertainty, so no digit claims more than the clocks can tell.
 */
export function printStepUs(uncertaintyUs: number): number {
  if (uncertaintyUs <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(uncertaintyUs));
  for (const factor of [1, 2, 5, 10]) if (factor * magnitude >= uncertaintyUs) return factor * magnitude;
  return 10 * magnitude;
}
