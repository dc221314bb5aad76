import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SchemaName, schemaErrors } from './support/openapi.js';
import { sseData } from './support/sse.js';
import { buildTestApp } from './support/test-app.js';

// Every response body and every stream chunk against OpenAI's published OpenAPI spec. The relaxations
// (legacy stream events, base64 embeddings) are documented in support/openapi.ts.

let app: FastifyInstance;
let smallBodyApp: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
  smallBodyApp = await buildTestApp({ bodyLimitBytes: 16, strictModels: true });
});
afterAll(async () => {
  await Promise.all([app.close(), smallBodyApp.close()]);
});

const MESSAGES = [
  { role: 'system', content: 'Be brief.' },
  {
    role: 'user',
    name: 'ada',
    content: [
      { type: 'text', text: 'What is here?' },
      { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'high' } },
    ],
  },
];

async function post(url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url, payload, headers: { 'x-output-length': '4', ...headers } });
}

function expectValid(name: SchemaName, value: unknown): void {
  expect(schemaErrors(name, value), JSON.stringify(value).slice(0, 400)).toBe('');
}

function expectStreamValid(name: SchemaName, body: string): number {
  const events = sseData(body);
  expect(events.at(-1)).toBe('[DONE]');
  for (const event of events.slice(0, -1)) expectValid(name, event);
  return events.length - 1;
}

describe('responses conform to the OpenAI OpenAPI spec', () => {
  it('the validator rejects what the spec forbids', () => {
    expect(schemaErrors('CreateChatCompletionResponse', { id: 1 })).not.toBe('');
    expect(schemaErrors('ErrorResponse', { error: { message: 'm', type: 't', param: null } })).not.toBe('');
    expect(
      schemaErrors('CreateChatCompletionStreamResponse', {
        id: 'x',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [{ index: 0, delta: {}, finish_reason: 'done' }],
      }),
    ).not.toBe('');
  });

  it('chat completions, plain and with n, stop and max_tokens', async () => {
    for (const extra of [
      {},
      { n: 3, seed: 1 },
      { max_completion_tokens: 2 },
      { stop: 'e' },
      { logprobs: true, top_logprobs: 2 },
    ]) {
      const response = await post('/v1/chat/completions', { model: 'gpt-4o', messages: MESSAGES, ...extra });
      expect(response.statusCode).toBe(200);
      expectValid('CreateChatCompletionResponse', response.json());
    }
  });

  it('every chunk of chat streams, with and without include_usage, n > 1', async () => {
    const withUsage = await post('/v1/chat/completions', {
      model: 'gpt-4o',
      messages: MESSAGES,
      stream: true,
      n: 2,
      stream_options: { include_usage: true },
    });
    expect(expectStreamValid('CreateChatCompletionStreamResponse', withUsage.body)).toBe(2 + 2 * 4 + 2 + 1);
    const plain = await post('/v1/chat/completions', { model: 'gpt-4o', messages: MESSAGES, stream: true });
    expect(expectStreamValid('CreateChatCompletionStreamResponse', plain.body)).toBe(1 + 4 + 1);
    const withLogprobs = await post('/v1/chat/completions', {
      model: 'gpt-4o',
      messages: MESSAGES,
      stream: true,
      logprobs: true,
      top_logprobs: 3,
    });
    expect(expectStreamValid('CreateChatCompletionStreamResponse', withLogprobs.body)).toBe(1 + 4 + 1);
  });

  it('legacy completions and every event of their streams', async () => {
    const unary = await post('/v1/completions', {
      model: 'gpt-3.5-turbo-instruct',
      prompt: ['a', 'b'],
      n: 2,
    });
    expectValid('CreateCompletionResponse', unary.json());
    const stream = await post('/v1/completions', {
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'a',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(expectStreamValid('LegacyCompletionStreamEvent', stream.body)).toBe(4 + 1);
    const plainStream = await post('/v1/completions', {
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'a',
      stream: true,
    });
    expect(expectStreamValid('LegacyCompletionStreamEvent', plainStream.body)).toBe(4);
  });

  it('embeddings as floats (strict spec) and as base64 (relaxed)', async () => {
    const floats = await post('/v1/embeddings', {
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
      dimensions: 8,
    });
    expectValid('CreateEmbeddingResponse', floats.json());
    const base64 = await post('/v1/embeddings', {
      model: 'text-embedding-3-small',
      input: 'a',
      encoding_format: 'base64',
    });
    expect(schemaErrors('CreateEmbeddingResponse', base64.json())).not.toBe('');
    expectValid('CreateEmbeddingResponseWithBase64', base64.json());
  });

  it('models list and retrieve', async () => {
    expectValid('ListModelsResponse', (await app.inject({ method: 'GET', url: '/v1/models' })).json());
    expectValid('Model', (await app.inject({ method: 'GET', url: '/v1/models/gpt-4o' })).json());
  });

  it('errors: 400, 404, 405 and 413', async () => {
    const responses = [
      await post('/v1/chat/completions', { model: 'gpt-4o' }),
      await post('/v1/chat/completions', { model: 'gpt-4o', messages: MESSAGES }, { 'x-ttft-ms': 'x' }),
      await app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        payload: '{',
        headers: { 'content-type': 'application/json' },
      }),
      await app.inject({ method: 'GET', url: '/v1/nothing' }),
      await app.inject({ method: 'PUT', url: '/v1/embeddings' }),
      await smallBodyApp.inject({
        method: 'POST',
        url: '/v1/embeddings',
        payload: { model: 'x', input: 'long enough' },
      }),
      await smallBodyApp.inject({ method: 'GET', url: '/v1/models/unknown' }),
    ];
    expect(responses.map((response) => response.statusCode)).toEqual([400, 400, 400, 404, 405, 413, 404]);
    for (const response of responses) expectValid('ErrorResponse', response.json());
  });
});
