import OpenAI, { BadRequestError, NotFoundError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';

// The official SDK against a listening server: what a real client sees, parsed by the SDK's own decoder.

let server: RunningServer;
let strictServer: RunningServer;
let client: OpenAI;
let strictClient: OpenAI;

function sdk(url: string): OpenAI {
  return new OpenAI({
    baseURL: `${url}/v1`,
    apiKey: 'sk-test',
    maxRetries: 0,
    defaultHeaders: { 'x-output-length': '6', 'x-ttft-ms': '5', 'x-itl-ms': '1' },
  });
}

beforeAll(async () => {
  [server, strictServer] = await Promise.all([startTestServer(), startTestServer({ strictModels: true })]);
  client = sdk(server.url);
  strictClient = sdk(strictServer.url);
});
afterAll(async () => {
  await Promise.all([server.close(), strictServer.close()]);
});

// o200k_base: 3 priming + (3 + system 1 + 'You are terse.' 4) + (3 + user 1 + 'Say hello.' 3) = 18.
const PROMPT_TOKENS = 18;
const messages: OpenAI.ChatCompletionMessageParam[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Say hello.' },
];

describe('the openai SDK against the emulator', () => {
  it('chat completion', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .withResponse();
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({
      completion_tokens: 6,
      prompt_tokens: PROMPT_TOKENS,
      total_tokens: PROMPT_TOKENS + 6,
    });
  });

  it('streamed chat', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toHaveLength(1 + 6 + 1);
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('streamed chat with include_usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({
      prompt_tokens: PROMPT_TOKENS,
      completion_tokens: 6,
      total_tokens: PROMPT_TOKENS + 6,
    });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('streamed chat with n > 1, assembled by the SDK stream helper', async () => {
    const runner = client.chat.completions.stream({ model: 'gpt-4o-mini', messages, n: 3, seed: 9 });
    const completion = await runner.finalChatCompletion();
    expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    expect(completion.choices.map((choice) => choice.finish_reason)).toEqual(['stop', 'stop', 'stop']);
    const unary = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, n: 3, seed: 9 });
    expect(completion.choices.map((choice) => choice.message.content)).toEqual(
      unary.choices.map((choice) => choice.message.content),
    );
  });

  it('legacy completions, unary and streamed', async () => {
    const unary = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Say hello.',
      seed: 4,
    });
    expect(unary.object).toBe('text_completion');
    expect(unary.usage?.completion_tokens).toBe(6);
    const stream = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Say hello.',
      seed: 4,
      stream: true,
    });
    let text = '';
    let finishReason: string | null = null;
    for await (const event of stream) {
      text += event.choices[0]?.text ?? '';
      finishReason = event.choices[0]?.finish_reason ?? finishReason;
    }
    expect(text).toBe(unary.choices[0]?.text);
    expect(finishReason).toBe('stop');
  });

  it('embeddings: the SDK default (base64, decoded by the SDK) equals float', async () => {
    const decoded = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    const floats = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
      encoding_format: 'float',
    });
    expect(decoded.data).toHaveLength(2);
    expect(decoded.data[0]?.embedding).toHaveLength(1536);
    expect(decoded.data[0]?.embedding).toEqual(floats.data[0]?.embedding.map((value) => Math.fround(value)));
    const small = await client.embeddings.create({
      model: 'text-embedding-3-large',
      input: 'a',
      dimensions: 64,
    });
    expect(small.data[0]?.embedding).toHaveLength(64);
  });

  it('models list and retrieve', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('gpt-4o-mini');
    expect((await client.models.retrieve('gpt-4o')).id).toBe('gpt-4o');
  });

  it('raises BadRequestError for a 400, naming the param', async () => {
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages: [] }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      param: 'messages',
      code: 'empty_array',
      type: 'invalid_request_error',
    });
    const timing = await client.chat.completions
      .create({ model: 'gpt-4o', messages }, { headers: { 'x-itl-ms': 'fast' } })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(timing).toBeInstanceOf(BadRequestError);
    expect(timing).toMatchObject({ param: 'X-ITL-MS', code: 'invalid_timing_value' });
  });

  it('raises NotFoundError for a 404 model_not_found', async () => {
    const error = await strictClient.models.retrieve('gpt-unknown').then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    const chat = await strictClient.chat.completions.create({ model: 'gpt-unknown', messages }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(chat).toBeInstanceOf(NotFoundError);
  });
});
