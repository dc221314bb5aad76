import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatChunkLike, chatContents, sseData } from './support/sse.js';
import { buildTestApp } from './support/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
});

// 3 per message + 'user' (1) + 'Say hi.' (3) + 3 priming, in o200k_base.
const MESSAGES = [{ role: 'user', content: 'Say hi.' }];
const PROMPT_TOKENS = 10;

function chat(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    payload: { model: 'gpt-4o-mini', messages: MESSAGES, ...payload },
    headers,
  });
}

describe('POST /v1/chat/completions', () => {
  it('answers with the configured number of tokens, exact usage and every required key', async () => {
    const response = await chat({}, { 'x-output-length': '12' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      service_tier: 'default',
      choices: [{ index: 0, message: { role: 'assistant', refusal: null, annotations: [] }, logprobs: null }],
      usage: {
        prompt_tokens: PROMPT_TOKENS,
        completion_tokens: 12,
        total_tokens: PROMPT_TOKENS + 12,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    });
    expect(body.choices[0].finish_reason).toBe('stop');
    expect(body.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(body.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
    expect(Number.isInteger(body.created)).toBe(true);
  });

  it('sends the OpenAI headers and echoes the resolved timing', async () => {
    const response = await chat({}, { 'x-ttft-ms': '7', 'x-itl-ms': '2', 'x-output-length': '3' });
    expect(response.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'openai-version': '2020-10-01',
      'x-tokenpace-ttft-ms': '7',
      'x-tokenpace-itl-ms': '2',
      'x-tokenpace-output-length': '3',
    });
    expect(response.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    // Sent at ttft + 3·itl = 13 ms at the earliest.
    expect(Number(response.headers['openai-processing-ms'])).toBeGreaterThanOrEqual(13);
    expect(response.headers['x-ratelimit-remaining-requests']).toBe('999999');
  });

  it('caps output at max_completion_tokens (over max_tokens) with finish_reason length', async () => {
    const response = await chat({ max_completion_tokens: 4, max_tokens: 6 }, { 'x-output-length': '10' });
    const body = response.json();
    expect(body.usage.completion_tokens).toBe(4);
    expect(body.choices[0].finish_reason).toBe('length');
    const legacyCap = await chat({ max_tokens: 6 }, { 'x-output-length': '10' });
    expect(legacyCap.json().usage.completion_tokens).toBe(6);
  });

  it('makes output a pure function of seed, and gives n different choices', async () => {
    const first = (await chat({ seed: 42, n: 3 })).json();
    const second = (await chat({ seed: 42, n: 3 })).json();
    const contents = first.choices.map((choice: { message: { content: string } }) => choice.message.content);
    expect(contents).toEqual(
      second.choices.map((choice: { message: { content: string } }) => choice.message.content),
    );
    expect(new Set(contents).size).toBe(3);
    expect(first.choices.map((choice: { index: number }) => choice.index)).toEqual([0, 1, 2]);
    expect(first.usage.completion_tokens).toBe(3 * 8);
    const unseeded = (await chat({ n: 1 })).json();
    const unseededAgain = (await chat({ n: 1 })).json();
    expect(unseeded.choices[0].message.content).not.toBe(unseededAgain.choices[0].message.content);
  });

  it('cuts output before a stop sequence', async () => {
    const full = (await chat({ seed: 7 }, { 'x-output-length': '10' })).json();
    const text: string = full.choices[0].message.content;
    const words = text.split(' ');
    const stopWord = ` ${words[4]}`;
    const cut = (
      await chat({ seed: 7, stop: [stopWord, 'never-present'] }, { 'x-output-length': '10' })
    ).json();
    expect(cut.choices[0].message.content).toBe(text.slice(0, text.indexOf(stopWord)));
    expect(cut.choices[0].finish_reason).toBe('stop');
    expect(cut.usage.completion_tokens).toBe(4);
  });

  it('streams role, one chunk per token, finish, and the usage chunk with include_usage', async () => {
    const response = await chat(
      { stream: true, stream_options: { include_usage: true } },
      { 'x-output-length': '5', 'x-ttft-ms': '5', 'x-itl-ms': '1' },
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-tokenpace-output-length': '5',
    });
    expect(response.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    const events = sseData(response.body);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1) as ChatChunkLike[];
    expect(chunks).toHaveLength(1 + 5 + 1 + 1);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(
      chunks.slice(1, 6).every((chunk) => chunk.usage === null && chunk.choices[0]?.finish_reason === null),
    ).toBe(true);
    expect(chunks[6]?.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    expect(chunks[7]).toMatchObject({
      choices: [],
      usage: { prompt_tokens: PROMPT_TOKENS, completion_tokens: 5, total_tokens: PROMPT_TOKENS + 5 },
    });
    expect(chatContents(chunks)[0]?.split(/(?=[ A-Z])/)).toHaveLength(5);
  });

  it('streams n choices on one schedule, each with its own role and finish chunk', async () => {
    const response = await chat({ stream: true, n: 2, seed: 3 }, { 'x-output-length': '4' });
    const chunks = sseData(response.body).slice(0, -1) as ChatChunkLike[];
    const indices = chunks.map((chunk) => chunk.choices[0]?.index);
    // Roles, then token i of choice 0 and 1 per step; each finish right after its choice's last token.
    expect(indices).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1]);
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    const finishes = chunks.filter((chunk) => chunk.choices[0]?.finish_reason !== null);
    expect(finishes.map((chunk) => [chunk.choices[0]?.index, chunk.choices[0]?.finish_reason])).toEqual([
      [0, 'stop'],
      [1, 'stop'],
    ]);
    const unary = (await chat({ n: 2, seed: 3 }, { 'x-output-length': '4' })).json();
    expect(chatContents(chunks)).toEqual(
      unary.choices.map((choice: { message: { content: string } }) => choice.message.content),
    );
  });

  it('counts multimodal content, with images by the tile formula', async () => {
    const response = await chat({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Say hi.' },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } },
          ],
        },
      ],
    });
    expect(response.json().usage.prompt_tokens).toBe(PROMPT_TOKENS + 85);
  });

  it('accepts keys it does not act on, such as tools, temperature and response_format', async () => {
    const response = await chat({
      temperature: 0.2,
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      response_format: { type: 'text' },
      logprobs: false,
      user: 'someone',
    });
    expect(response.statusCode).toBe(200);
  });

  it('returns seeded logprobs for every token when asked, the emitted token first among top_logprobs', async () => {
    const body = (
      await chat({ logprobs: true, top_logprobs: 3, seed: 5 }, { 'x-output-length': '6' })
    ).json();
    const choice = body.choices[0];
    const entries = choice.logprobs.content as {
      token: string;
      logprob: number;
      bytes: number[];
      top_logprobs: { token: string; logprob: number; bytes: number[] }[];
    }[];
    expect(choice.logprobs.refusal).toBeNull();
    expect(entries.map((entry) => entry.token).join('')).toBe(choice.message.content);
    for (const entry of entries) {
      expect(entry.logprob).toBeLessThanOrEqual(0);
      expect(entry.bytes).toEqual([...Buffer.from(entry.token, 'utf8')]);
      expect(entry.top_logprobs).toHaveLength(3);
      expect(entry.top_logprobs[0]).toEqual({
        token: entry.token,
        logprob: entry.logprob,
        bytes: entry.bytes,
      });
      const logprobs = entry.top_logprobs.map((top) => top.logprob);
      expect(logprobs).toEqual([...logprobs].sort((a, b) => b - a));
    }
    const again = (
      await chat({ logprobs: true, top_logprobs: 3, seed: 5 }, { 'x-output-length': '6' })
    ).json();
    expect(again.choices[0].logprobs).toEqual(choice.logprobs);

    const streamed = await chat(
      { logprobs: true, top_logprobs: 3, seed: 5, stream: true },
      { 'x-output-length': '6' },
    );
    const contentChunks = (sseData(streamed.body).slice(0, -1) as ChatChunkLike[]).filter(
      (chunk) => (chunk.choices[0]?.delta.content ?? '') !== '',
    ) as unknown as { choices: { logprobs: { content: unknown[] } }[] }[];
    expect(contentChunks.map((chunk) => chunk.choices[0]?.logprobs.content[0])).toEqual(entries);
  });

  it('rejects top_logprobs without logprobs', async () => {
    const response = await chat({ top_logprobs: 2 });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({
      message: "Invalid value for 'top_logprobs': 'logprobs' must be true when 'top_logprobs' is set.",
      type: 'invalid_request_error',
      param: 'top_logprobs',
      code: 'invalid_value',
    });
  });

  it('answers any model name by default', async () => {
    const response = await chat({ model: 'my-fine-tune:v2' });
    expect(response.json().model).toBe('my-fine-tune:v2');
  });
});
