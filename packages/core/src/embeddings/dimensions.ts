/** Native vector length of text-embedding-3-large; other OpenAI embedding models use 1536. */
const LARGE_MODEL_DIMENSIONS = 3072;
const DEFAULT_DIMENSIONS = 1536;
const LARGE_MODEL_PREFIX = 'text-embedding-3-large';

/** Vector length when the request names no `dimensions`: 3072 for text-embedding-3-large (and dated variants), else 1536. */
export function defaultEmbeddingDimensions(model: string): number {
  return model.startsWith(LARGE_MODEL_PREFIX) ? LARGE_MODEL_DIMENSIONS : DEFAULT_DIMENSIONS;
}
