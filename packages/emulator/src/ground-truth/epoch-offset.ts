import type { Clock } from '../clock.js';

/** Readings of the wall clock spent waiting for it to tick; bounds the wait where it never ticks (a manual clock). */
const MAX_READINGS = 2_000_000;

/**
 * The wall clock's epoch minus the monotonic clock, to the microsecond. The wall clock (`Date.now`) ticks in
 * whole milliseconds, so an arrival dated with it is up to 1 ms early, which would blur a client's clock-offset
 * estimate; read at the moment it ticks, the offset is exact to the monotonic clock's resolution. Taken once at
 * start; a clock that never ticks (a manual clock in tests) gives its plain difference.
 */
export function epochOffsetMs(clock: Clock): number {
  const first = clock.epochMs();
  for (let reading = 0; reading < MAX_READINGS; reading++) {
    const epochMs = clock.epochMs();
    if (epochMs !== first) return epochMs - clock.now();
  }
  return clock.epochMs() - clock.now();
}
