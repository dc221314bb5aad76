import {
  type CreateEmbeddingResponse,
  defaultEmbeddingDimensions,
  embeddingResponse,
  embeddingVector,
  encodingForModel,
} from '@tokenpace/core';
import type { EmulatorServices } from '../plugins/services.js';
import type { EmbeddingRequest } from '../schemas/embedding-request.js';

/** The inputs of a request, one per vector: a text or a token array each. */
function inputsOf(input: EmbeddingRequest['input']): (string | readonly number[])[] {
  if (typeof input === 'string') return [input];
  const first = input[0];
  if (typeof first === 'number') return [input as number[]];
  return input as (string | number[])[];
}

/**
 * The embeddings response: one unit vector per input, a function of (input, dimensions, server seed) so that
 * equal texts get equal vectors, as a semantic cache in front of the emulator expects.
 */
export async function embeddingsBody(
  body: EmbeddingRequest,
  services: EmulatorServices,
): Promise<CreateEmbeddingResponse> {
  const dimensions = body.dimensions ?? defaultEmbeddingDimensions(body.model);
  const seed = services.config.seed;
  const promptTokens = await services.promptCounter.count(
    'embedding',
    body.input,
    encodingForModel(body.model),
  );
  return embeddingResponse({
    model: body.model,
    vectors: inputsOf(body.input).map((input) => embeddingVector(input, dimensions, seed)),
    encodingFormat: body.encoding_format ?? 'float',
    promptTokens,
  });
}
