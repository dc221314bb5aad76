import { base64ToFloat32 } from '@tokenpace/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../src/config/default-models.js';
import { buildTestApp } from './support/test-app.js';

let app: FastifyInstance;
let strictApp: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
  strictApp = await buildTestApp({ strictModels: true, models: ['gpt-4o', 'text-embedding-3-small'] });
});
afterAll(async () => {
  await Promise.all([app.close(), strictApp.close()]);
});

function embed(payload: Record<string, unknown>, target = app) {
  return target.inject({
    method: 'POST',
    url: '/v1/embeddings',
    payload: { model: 'text-embedding-3-small', input: 'time to first token', ...payload },
  });
}

describe('POST /v1/embeddings', () => {
  it('returns unit vectors of the model default length as floats, with usage', async () => {
    const body = (await embed({ input: ['tokens per second', 'time to first token'] })).json();
    expect(body).toMatchObject({
      object: 'list',
      model: 'text-embedding-3-small',
      // cl100k_base: tokens| per| second (3) and time| to| first| token (4).
      usage: { prompt_tokens: 7, total_tokens: 7 },
    });
    expect(body.data.map((item: { index: number; object: string }) => [item.object, item.index])).toEqual([
      ['embedding', 0],
      ['embedding', 1],
    ]);
    for (const item of body.data as { embedding: number[] }[]) {
      expect(item.embedding).toHaveLength(1536);
      const norm = Math.hypot(...item.embedding);
      expect(Math.abs(norm - 1)).toBeLessThan(1e-5);
    }
  });

  it('answers base64 of the same little-endian float32 vector, and honours dimensions', async () => {
    const floats = (await embed({ dimensions: 256 })).json().data[0].embedding as number[];
    const base64 = (await embed({ dimensions: 256, encoding_format: 'base64' })).json().data[0]
      .embedding as string;
    expect(base64).toHaveLength(1368);
    expect([...base64ToFloat32(base64)]).toEqual(floats.map((value) => Math.fround(value)));
  });

  it('gives equal inputs equal vectors, and uses 3072 dimensions for text-embedding-3-large', async () => {
    const first = (await embed({ input: 'same' })).json().data[0].embedding;
    const second = (await embed({ input: ['same'] })).json().data[0].embedding;
    expect(first).toEqual(second);
    const large = (await embed({ model: 'text-embedding-3-large' })).json();
    expect(large.data[0].embedding).toHaveLength(3072);
  });

  it('accepts token arrays', async () => {
    const body = (await embed({ input: [[1, 2], [3]] })).json();
    expect(body.data).toHaveLength(2);
    expect(body.usage.prompt_tokens).toBe(3);
  });
});

describe('models', () => {
  it('lists the configured models', async () => {
    const body = (await app.inject({ method: 'GET', url: '/v1/models' })).json();
    expect(body.object).toBe('list');
    expect(body.data.map((model: { id: string }) => model.id)).toEqual([...DEFAULT_MODELS]);
    expect(body.data[0]).toEqual({
      id: 'gpt-5',
      object: 'model',
      created: expect.any(Number),
      owned_by: 'tokenpace',
    });
  });

  it('retrieves any model by default, namespaced ids included', async () => {
    const known = (await app.inject({ method: 'GET', url: '/v1/models/gpt-4o' })).json();
    expect(known).toMatchObject({ id: 'gpt-4o', object: 'model' });
    const namespaced = await app.inject({ method: 'GET', url: '/v1/models/meta-llama/Llama-3-8B' });
    expect(namespaced.json().id).toBe('meta-llama/Llama-3-8B');
  });

  it('answers 404 model_not_found for unknown ids when strict, on every route that names a model', async () => {
    const expected = {
      error: {
        message: 'The model `gpt-nope` does not exist or you do not have access to it.',
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      },
    };
    const retrieve = await strictApp.inject({ method: 'GET', url: '/v1/models/gpt-nope' });
    expect(retrieve.statusCode).toBe(404);
    expect(retrieve.json()).toEqual(expected);
    const chat = await strictApp.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { model: 'gpt-nope', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect([chat.statusCode, chat.json()]).toEqual([404, expected]);
    const completion = await strictApp.inject({
      method: 'POST',
      url: '/v1/completions',
      payload: { model: 'gpt-nope', prompt: 'hi' },
    });
    expect([completion.statusCode, completion.json()]).toEqual([404, expected]);
    const embeddings = await embed({ model: 'gpt-nope' }, strictApp);
    expect([embeddings.statusCode, embeddings.json()]).toEqual([404, expected]);
    expect((await embed({}, strictApp)).statusCode).toBe(200);
  });

  it('answers health and stats', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const stats = (await app.inject({ method: 'GET', url: '/stats' })).json();
    expect(stats).toMatchObject({ scheduler: { queuedJobs: 0 }, lateness: { count: expect.any(Number) } });
  });

  it('clears the lateness histogram on POST /stats/reset, and counts again from there', async () => {
    const lateness = async () => (await app.inject({ method: 'GET', url: '/stats' })).json().lateness;
    expect((await embed({})).statusCode).toBe(200);
    expect((await lateness()).count).toBeGreaterThan(0);
    const reset = await app.inject({ method: 'POST', url: '/stats/reset' });
    expect([reset.statusCode, reset.json()]).toEqual([200, { workers: 1, workersMissing: 0 }]);
    expect(await lateness()).toEqual({
      count: 0,
      meanUs: 0,
      p50Us: 0,
      p90Us: 0,
      p99Us: 0,
      p999Us: 0,
      maxUs: 0,
    });
    expect((await embed({})).statusCode).toBe(200);
    expect((await lateness()).count).toBe(1);
  });
});
