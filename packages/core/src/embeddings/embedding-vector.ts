import { createWordGenerator, seedWords } from '../timing/rng.js';

const TWO_POW_31 = 2_147_483_648;
/** Distinguishes a string from a token array with the same code units / ids. */
const STRING_DOMAIN = 0x73747269;
const TOKENS_DOMAIN = 0x746f6b65;

/**
 * 64-bit hash of the input as two 32-bit lanes (cyrb53's mixing, keeping both lanes). Strings are
 * hashed by UTF-16 code unit, token arrays by id, each in its own domain.
 */
function hashInput(input: string | readonly number[]): readonly [number, number] {
  const isText = typeof input === 'string';
  const domain = isText ? STRING_DOMAIN : TOKENS_DOMAIN;
  let h1 = 0xdeadbeef ^ domain;
  let h2 = 0x41c6ce57 ^ domain;
  const length = input.length;
  for (let index = 0; index < length; index++) {
    const unit = isText ? input.charCodeAt(index) : (input[index] ?? 0) | 0;
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  // Mixing in the length separates inputs that differ only by trailing zero-valued units.
  h1 = Math.imul(h1 ^ length, 2654435761);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

function assertDimensions(dimensions: number): void {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new RangeError(`Embedding dimensions must be a whole number from 1, got ${dimensions}.`);
  }
}

/**
 * A deterministic unit vector for one input: the same (input, dimensions, seed) always gives the
 * same vector, different inputs give unrelated ones (near-orthogonal in high dimensions, like
 * unrelated texts). Components are uniform in [-1, 1) before normalisation; the norm is summed in
 * double precision, so the float32 result has length 1 within float32 rounding.
 */
export function embeddingVector(
  input: string | readonly number[],
  dimensions: number,
  seed: number,
): Float32Array {
  assertDimensions(dimensions);
  const [inputLow, inputHigh] = hashInput(input);
  const [seedLow, seedHigh] = seedWords(seed);
  const nextWord = createWordGenerator(inputLow ^ seedLow, inputHigh, seedHigh);
  const components = new Float64Array(dimensions);
  let squaredNorm = 0;
  for (let index = 0; index < dimensions; index++) {
    const component = (nextWord() | 0) / TWO_POW_31;
    components[index] = component;
    squaredNorm += component * component;
  }
  // An all-zero draw has odds of 2^-32 per component; fall back to a basis vector rather than NaN.
  if (squaredNorm === 0) {
    const basis = new Float32Array(dimensions);
    basis[0] = 1;
    return basis;
  }
  const scale = 1 / Math.sqrt(squaredNorm);
  const vector = new Float32Array(dimensions);
  for (let index = 0; index < dimensions; index++) vector[index] = (components[index] ?? 0) * scale;
  return vector;
}
