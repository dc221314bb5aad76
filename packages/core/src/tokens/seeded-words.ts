const TWO_POW_32 = 4_294_967_296;
/** Keeps the piece stream apart from other seeded streams of the same request seed. */
const PIECE_STREAM_SALT = 0x70696563; // "piec"

/** splitmix32's finaliser: a bijection on 32-bit words, so distinct inputs stay distinct. */
function mix32(value: number): number {
  let mixed = value | 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) >>> 0;
}

/**
 * A deterministic stream of unsigned 32-bit words for a seed: sfc32 (small fast chaotic, passes
 * PractRand) with its state drawn from the seed's low and high 32-bit halves, so every integer
 * seed up to 2^53 (OpenAI's seed is a 64-bit integer, delivered as a JSON number) has its own
 * stream. Fractional seeds use their integer part. Same words on every platform.
 */
export function createSeededWords(seed: number): () => number {
  const integer = Math.trunc(seed);
  const lowWord = integer >>> 0;
  const highWord = Math.floor(integer / TWO_POW_32) >>> 0;
  let a = mix32(lowWord ^ PIECE_STREAM_SALT);
  let b = mix32(highWord + 0x9e3779b9) ^ lowWord;
  let c = mix32(lowWord + 0x3c6ef372) ^ highWord;
  let counter = 1;
  const next = (): number => {
    const result = (a + b + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = ((c << 21) | (c >>> 11)) + result;
    c |= 0;
    return result >>> 0;
  };
  // The generator's recommended warm-up, so the first words no longer echo the seed.
  for (let round = 0; round < 12; round++) next();
  return next;
}

/** A uniform index in [0, length) from one 32-bit word (bias below length / 2^32). */
export function indexFromWord(word: number, length: number): number {
  return Math.floor((word / TWO_POW_32) * length);
}
