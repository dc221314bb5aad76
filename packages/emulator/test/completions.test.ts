import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sseData } from './support/sse.js';
import { buildTestApp } from './support/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
});

function complete(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/v1/completions',
    payload: { model: 'gpt-3.5-turbo-instruct', prompt: 'Write a haiku about latency.', ...payload },
    headers,
  });
}

interface CompletionEvent {
  choices: { text: string; index: number; finish_reason: string | null }[];
  usage?: unknown;
}

describe('POST /v1/completions', () => {
  it('answers with usage counted in cl100k_base and every required key', async () => {
    const response = await complete({}, {});
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      object: 'text_completion',
      model: 'gpt-3.5-turbo-instruct',
      choices: [{ index: 0, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 7, completion_tokens: 8, total_tokens: 15 },
    });
    expect(body.id).toMatch(/^cmpl-[A-Za-z0-9]{29}$/);
  });

  it('stops at 16 tokens without max_tokens, as the API does, when the default length is longer', async () => {
    const longDefault = await buildTestApp({ timing: { outputLength: 40 } });
    try {
      const response = await longDefault.inject({
        method: 'POST',
        url: '/v1/completions',
        payload: { model: 'gpt-3.5-turbo-instruct', prompt: 'Write a haiku about latency.' },
      });
      expect(response.json().choices[0].finish_reason).toBe('length');
      expect(response.json().usage.completion_tokens).toBe(16);
    } finally {
      await longDefault.close();
    }
  });

  it('lets an explicit X-OUTPUT-LENGTH go past the 16-token default, never past max_tokens', async () => {
    const long = (await complete({}, { 'x-output-length': '20' })).json();
    expect(long.usage.completion_tokens).toBe(20);
    expect(long.choices[0].finish_reason).toBe('stop');
    const capped = (await complete({ max_tokens: 3 }, { 'x-output-length': '20' })).json();
    expect(capped.usage.completion_tokens).toBe(3);
    expect(capped.choices[0].finish_reason).toBe('length');
  });

  it('answers every prompt of a list with n choices each, numbered prompt-major', async () => {
    const body = (await complete({ prompt: ['first', 'second'], n: 2 }, { 'x-output-length': '3' })).json();
    expect(body.choices.map((choice: { index: number }) => choice.index)).toEqual([0, 1, 2, 3]);
    expect(body.usage).toEqual({ prompt_tokens: 2, completion_tokens: 12, total_tokens: 14 });
  });

  it('counts token-array prompts by their length', async () => {
    const body = (await complete({ prompt: [[1, 2, 3], [4]] }, { 'x-output-length': '2' })).json();
    expect(body.choices).toHaveLength(2);
    expect(body.usage.prompt_tokens).toBe(4);
  });

  it('streams text events with finish_reason on the last one, then usage and [DONE]', async () => {
    const response = await complete(
      { stream: true, stream_options: { include_usage: true }, seed: 11 },
      { 'x-output-length': '4' },
    );
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const events = sseData(response.body);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1) as CompletionEvent[];
    expect(
      chunks.map((chunk) => (chunk.choices.length === 0 ? 'usage' : chunk.choices[0]?.finish_reason)),
    ).toEqual([null, null, null, 'stop', 'usage']);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 4 } });
    const unary = (await complete({ seed: 11 }, { 'x-output-length': '4' })).json();
    expect(chunks.map((chunk) => chunk.choices[0]?.text ?? '').join('')).toBe(unary.choices[0].text);
  });

  it('returns legacy logprobs as parallel arrays, one slice per streamed event', async () => {
    const body = (await complete({ logprobs: 2, seed: 3 }, { 'x-output-length': '5' })).json();
    const logprobs = body.choices[0].logprobs;
    expect(logprobs.tokens.join('')).toBe(body.choices[0].text);
    expect(logprobs.token_logprobs).toHaveLength(5);
    expect(logprobs.top_logprobs.every((top: object) => Object.keys(top).length === 2)).toBe(true);
    const offsets = logprobs.tokens.map(
      (_: string, index: number) => logprobs.tokens.slice(0, index).join('').length,
    );
    expect(logprobs.text_offset).toEqual(offsets);
    const stream = await complete({ logprobs: 2, seed: 3, stream: true }, { 'x-output-length': '5' });
    const events = sseData(stream.body).slice(0, -1) as { choices: { logprobs: { tokens: string[] } }[] }[];
    expect(events.flatMap((event) => event.choices[0]?.logprobs.tokens)).toEqual(logprobs.tokens);
  });

  it('rejects more choices over all prompts than the API allows', async () => {
    const response = await complete({ prompt: Array.from({ length: 10 }, () => 'p'), n: 20 });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ param: 'n', code: 'integer_above_max_value' });
  });
});
