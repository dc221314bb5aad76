import { setTimeout as pause } from 'node:timers/promises';

/** How often a condition is re-checked: a poll interval, not a wait for time; 1 ms keeps a waiting test cheap. */
const POLL_INTERVAL_MS = 1;

/**
 * Re-checks `condition` until it holds. It has no clock bound of its own: the test's timeout bounds it, so a
 * loaded machine makes a test slower, never wrong.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await pause(POLL_INTERVAL_MS);
}
