import { createRng, type Rng, ShareSelector } from '@tokenpace/core';

/** Salt of the generator behind random-mode shares, apart from the server's other generators. */
const FAULT_RNG_SALT = 0x0f_a1_17_5e;

/** The server's fault draws: one selector for every share, exact counters per source. */
export function createFaultSelector(seed: number, workerIndex: number): ShareSelector {
  const rng: Rng = createRng(seed + workerIndex + FAULT_RNG_SALT);
  return new ShareSelector(rng);
}
