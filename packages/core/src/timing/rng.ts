/** A source of uniform numbers in [0, 1). Every random choice in tokenpace goes through one. */
export type Rng = () => number;

const TWO_POW_32 = 4_294_967_296;
const GOLDEN_GAMMA = 0x9e3779b9;

/** splitmix32's finaliser: a bijection on 32-bit words, so distinct inputs stay distinct. */
function mix32(value: number): number {
  let z = value | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Splits a seed into two 32-bit words (low and high part of its integer value), so that seeds up
 * to 2^53 — OpenAI's `seed` is a 64-bit integer, JSON delivers it as a double — stay distinct.
 */
export function seedWords(seed: number): readonly [number, number] {
  if (!Number.isFinite(seed)) {
    throw new RangeError(`A seed must be a finite number, got ${seed}.`);
  }
  const integer = Math.trunc(seed);
  return [integer >>> 0, Math.floor(integer / TWO_POW_32) >>> 0];
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast chaotic generator): 128 bits of state, passes
 * PractRand, and runs on 32-bit integer arithmetic only. Returns raw unsigned 32-bit words.
 * The state words come from splitmix32 so that nearby seeds give unrelated streams.
 */
export function createWordGenerator(lowWord: number, highWord: number, salt = 0): () => number {
  const base = (lowWord ^ mix32(salt + GOLDEN_GAMMA)) | 0;
  // a and b determine (lowWord, highWord) uniquely: different seeds never share a state.
  let a = mix32(base + GOLDEN_GAMMA);
  let b = (mix32(base + 2 * GOLDEN_GAMMA) ^ highWord) | 0;
  let c = mix32(base + 3 * GOLDEN_GAMMA) | 0;
  let counter = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  };
  // The author's recommended warm-up, so the first outputs no longer echo the seed.
  for (let round = 0; round < 12; round++) next();
  return next;
}

/** Deterministic generator: the same seed always yields the same sequence, on every platform. */
export function createRng(seed: number): Rng {
  const [lowWord, highWord] = seedWords(seed);
  const nextWord = createWordGenerator(lowWord, highWord);
  return () => nextWord() / TWO_POW_32;
}
