import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ChatCompletionRequest } from '../src/schemas/chat-completion-request.js';
import { CompletionRequest } from '../src/schemas/completion-request.js';
import { EmbeddingRequest } from '../src/schemas/embedding-request.js';

// The server compiles these without checking them against the meta-schema (it would cost every start the
// meta-schema's own compilation), so they are checked here, with the same draft fastify's Ajv uses.
describe('request body schemas', () => {
  it.each([
    ['ChatCompletionRequest', ChatCompletionRequest],
    ['CompletionRequest', CompletionRequest],
    ['EmbeddingRequest', EmbeddingRequest],
  ])('%s is a valid JSON schema', (_name, schema) => {
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(ajv.errors ?? null).toBeNull();
  });
});
