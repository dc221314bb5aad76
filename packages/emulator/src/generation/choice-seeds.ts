import { createRng, type Rng } from '@tokenpace/core';

const TWO_POW_32 = 2 ** 32;

/**
 * The output seed of each choice. A request's `seed` makes them a pure function of that seed; without it,
 * one draw from the server's generator stands in. Choices get distinct seeds so that n > 1 gives n
 * different answers, as the API does.
 */
export function choiceSeeds(requestSeed: number | null | undefined, count: number, serverRng: Rng): number[] {
  const baseSeed =
    requestSeed === null || requestSeed === undefined ? Math.floor(serverRng() * TWO_POW_32) : requestSeed;
  const rng = createRng(baseSeed);
  return Array.from({ length: count }, () => Math.floor(rng() * TWO_POW_32));
}
