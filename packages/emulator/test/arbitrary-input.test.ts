import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
});

async function post(url: string, payload: unknown, headers: Record<string, string>) {
  const response = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(payload),
  });
  return { status: response.statusCode, body: response.json() };
}

describe('arbitrary input', () => {
  it('never answers 500 and always answers in OpenAI shape, whatever the body', async () => {
    const field = fc.oneof(
      fc.string(),
      fc.integer({ min: -3, max: 200 }),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.oneof(fc.string(), fc.integer(), fc.record({ role: fc.string(), content: fc.anything() }))),
      fc.dictionary(fc.string(), fc.jsonValue()),
    );
    const body = fc.record(
      {
        model: fc.oneof(fc.constant('gpt-4o'), field),
        messages: fc.oneof(
          fc.constant([{ role: 'user', content: 'hi' }]),
          fc.array(fc.record({ role: fc.constantFrom('user', 'system', 'x'), content: field })),
          field,
        ),
        prompt: field,
        input: field,
        n: field,
        stop: field,
        seed: field,
        max_tokens: field,
        stream: fc.constant(false),
        encoding_format: field,
        dimensions: fc.oneof(fc.integer({ min: -2, max: 8 }), field),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/chat/completions', '/v1/completions', '/v1/embeddings'),
        fc.oneof(body, fc.jsonValue()),
        // Valid values stay small so that a valid request answers at once.
        fc.oneof(
          fc.constantFrom(
            '0',
            '1',
            '-1',
            '',
            ' ',
            'NaN',
            'Infinity',
            '1e3x',
            'uniform(min=0,max=1)',
            'fixed()',
          ),
          fc.string({ maxLength: 12 }).map((text) => `x${text}`),
        ),
        async (url, payload, ttftHeader) => {
          const headers = { 'x-output-length': '1', 'x-itl-ms': '0', 'x-ttft-ms': ttftHeader };
          const response = await post(url, payload === undefined ? null : payload, headers);
          expect([200, 400, 404]).toContain(response.status);
          if (response.status !== 200) {
            expect(Object.keys(response.body.error)).toEqual(['message', 'type', 'param', 'code']);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
