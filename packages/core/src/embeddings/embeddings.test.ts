import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToFloat32, float32ToBase64 } from './base64.js';
import { defaultEmbeddingDimensions } from './dimensions.js';
import { embeddingVector } from './embedding-vector.js';

function norm(vector: Float32Array): number {
  let sum = 0;
  for (const value of vector) sum += value * value;
  return Math.sqrt(sum);
}

function cosine(left: Float32Array, right: Float32Array): number {
  let dot = 0;
  for (let index = 0; index < left.length; index++) dot += (left[index] ?? 0) * (right[index] ?? 0);
  return dot / (norm(left) * norm(right));
}

describe('embeddingVector', () => {
  it('yields the pinned vector for one input (changing it changes every recorded run)', () => {
    expect(Array.from(embeddingVector('hello', 4, 0))).toEqual([
      0.4692579507827759, -0.6361264586448669, -0.3324677348136902, 0.5143979787826538,
    ]);
  });

  it('is unit-normalised and deterministic for any input, length and seed', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'grapheme' }), fc.array(fc.nat({ max: 200_000 }), { maxLength: 50 })),
        fc.integer({ min: 1, max: 3072 }),
        fc.integer(),
        (input, dimensions, seed) => {
          const vector = embeddingVector(input, dimensions, seed);
          expect(vector).toHaveLength(dimensions);
          expect(Math.abs(norm(vector) - 1)).toBeLessThan(1e-6);
          expect(embeddingVector(input, dimensions, seed)).toEqual(vector);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives different inputs, seeds and input kinds different vectors', () => {
    const base = embeddingVector('the cat', 1536, 0);
    for (const other of [
      embeddingVector('the cat ', 1536, 0),
      embeddingVector('the bat', 1536, 0),
      embeddingVector('the cat', 1536, 1),
      embeddingVector('the cat', 1536, 2 ** 32),
      embeddingVector(
        Array.from('the cat', (char) => char.charCodeAt(0)),
        1536,
        0,
      ),
      embeddingVector('', 1536, 0),
    ]) {
      expect(other).not.toEqual(base);
      // Unrelated random directions in 1536 dimensions are near-orthogonal (|cos| ~ 1/√1536 ≈ 0.026).
      expect(Math.abs(cosine(base, other))).toBeLessThan(0.15);
    }
    expect(embeddingVector([0], 8, 0)).not.toEqual(embeddingVector([0, 0], 8, 0));
    expect(embeddingVector([], 8, 0)).not.toEqual(embeddingVector([0], 8, 0));
  });

  it('has no collisions among 20k distinct short inputs', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 20_000; index++) seen.add(embeddingVector(`text ${index}`, 4, 0).join());
    expect(seen.size).toBe(20_000);
  });

  it('rejects dimensions that are not whole numbers from 1', () => {
    expect(() => embeddingVector('a', 0, 0)).toThrow(RangeError);
    expect(() => embeddingVector('a', 1.5, 0)).toThrow(RangeError);
  });
});

describe('float32ToBase64', () => {
  it('encodes little-endian float32 bytes', () => {
    expect(float32ToBase64(new Float32Array([1, -2, 0.5]))).toBe('AACAPwAAAMAAAAA/');
    expect(float32ToBase64(new Float32Array([]))).toBe('');
  });

  it('encodes only the view, not the whole underlying buffer', () => {
    const whole = new Float32Array([9, 1, -2, 9]);
    expect(float32ToBase64(whole.subarray(1, 3))).toBe(float32ToBase64(new Float32Array([1, -2])));
  });

  it('decodes to the same floats, as the SDKs decode it', () => {
    fc.assert(
      fc.property(fc.float32Array({ maxLength: 64, noDefaultInfinity: true, noNaN: true }), (vector) => {
        const base64 = float32ToBase64(vector);
        expect(base64ToFloat32(base64)).toEqual(vector);
        // What openai-node does: Buffer → Float32Array over the same bytes (little-endian host).
        const bytes = Buffer.from(base64, 'base64');
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        for (let index = 0; index < vector.length; index++) {
          expect(view.getFloat32(index * 4, true)).toBe(vector[index]);
        }
      }),
    );
  });

  it('refuses base64 that is not a whole number of float32', () => {
    expect(() => base64ToFloat32('AAA=')).toThrow(RangeError);
  });
});

describe('defaultEmbeddingDimensions', () => {
  it.each([
    ['text-embedding-3-large', 3072],
    ['text-embedding-3-large-2025', 3072],
    ['text-embedding-3-small', 1536],
    ['text-embedding-ada-002', 1536],
    ['anything-else', 1536],
  ])('%s → %i', (model, dimensions) => {
    expect(defaultEmbeddingDimensions(model)).toBe(dimensions);
  });
});
