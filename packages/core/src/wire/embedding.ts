import { type Static, Type } from 'typebox';
import { float32ToBase64 } from '../embeddings/base64.js';
import { Count } from './common.js';
import { EmbeddingUsage } from './usage.js';

export const Embedding = Type.Object(
  {
    object: Type.Literal('embedding'),
    index: Count,
    /** Numbers for `encoding_format: "float"`, base64 of little-endian float32 for "base64". */
    embedding: Type.Union([Type.Array(Type.Number()), Type.String()]),
  },
  { additionalProperties: false },
);
export type Embedding = Static<typeof Embedding>;

/** `POST /v1/embeddings`. */
export const CreateEmbeddingResponse = Type.Object(
  {
    object: Type.Literal('list'),
    data: Type.Array(Embedding),
    model: Type.String(),
    usage: EmbeddingUsage,
  },
  { additionalProperties: false },
);
export type CreateEmbeddingResponse = Static<typeof CreateEmbeddingResponse>;

export type EmbeddingEncodingFormat = 'float' | 'base64';

/**
 * float32 components as JSON numbers with 9 significant digits: enough to give back exactly the
 * same float32 (FLT_DECIMAL_DIG), about 40% less text than the 17-digit double form.
 */
export function float32ToNumbers(vector: Float32Array): number[] {
  const numbers = new Array<number>(vector.length);
  for (let index = 0; index < vector.length; index++) {
    const value = vector[index] ?? 0;
    const short = Number(value.toPrecision(9));
    numbers[index] = Math.fround(short) === value ? short : value;
  }
  return numbers;
}

export interface EmbeddingResponseInput {
  model: string;
  /** One vector per input, in input order. */
  vectors: readonly Float32Array[];
  encodingFormat: EmbeddingEncodingFormat;
  promptTokens: number;
}

export function embeddingResponse(input: EmbeddingResponseInput): CreateEmbeddingResponse {
  const encode = input.encodingFormat === 'base64' ? float32ToBase64 : float32ToNumbers;
  return {
    object: 'list',
    data: input.vectors.map((vector, index) => ({ object: 'embedding', index, embedding: encode(vector) })),
    model: input.model,
    usage: { prompt_tokens: input.promptTokens, total_tokens: input.promptTokens },
  };
}
