import Anthropic, { BadRequestError, NotFoundError } from '@anthropic-ai/sdk';
import { countTextTokens } from '@tokenpace/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';

// The official Anthropic SDK against a listening server: what a real client sees, parsed by the SDK itself.

let server: RunningServer;
let scriptedServer: RunningServer;
let client: Anthropic;

const PIRATE = 'Arr, ye be askin\u2019 the wrong sea dog! 🦜';

const TIMING = { 'x-output-length': '6', 'x-ttft-ms': '5', 'x-itl-ms': '1' };

function sdk(url: string, options: ConstructorParameters<typeof Anthropic>[0] = {}): Anthropic {
  return new Anthropic({
    baseURL: url,
    apiKey: 'sk-ant-test',
    maxRetries: 0,
    defaultHeaders: TIMING,
    ...options,
  });
}

beforeAll(async () => {
  [server, scriptedServer] = await Promise.all([
    startTestServer(),
    startTestServer({
      scripted: { rules: [{ name: 'pirate', match: { system: 'pirate' }, response: { text: PIRATE } }] },
    }),
  ]);
  client = sdk(server.url);
});
afterAll(async () => {
  await Promise.all([server.close(), scriptedServer.close()]);
});

// o200k_base, counted as chat counts it: 3 priming + (3 + system 1 + 'You are terse.' 4) + (3 + user 1 +
// 'Say hello.' 3) = 18.
const INPUT_TOKENS = 18;
const params = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  system: 'You are terse.',
  messages: [{ role: 'user' as const, content: 'Say hello.' }],
};

describe('the Anthropic SDK against the emulator', () => {
  it('messages.create', async () => {
    const { data, response } = await client.messages.create(params).withResponse();
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(response.headers.get('anthropic-ratelimit-requests-limit')).toBe('1000000');
    expect(response.headers.get('anthropic-ratelimit-requests-reset')).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(data).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: INPUT_TOKENS, output_tokens: 6, cache_read_input_tokens: 0 },
    });
    expect(data.id).toMatch(/^msg_01/);
    expect(data.content).toHaveLength(1);
    expect(data.content[0]?.type).toBe('text');
  });

  it('messages.stream with finalMessage()', async () => {
    const stream = client.messages.stream(params);
    const events: string[] = [];
    const texts: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(events).toEqual([
      'message_start',
      'content_block_start',
      ...Array(6).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(texts).toHaveLength(6);
    expect(message.content).toEqual([{ type: 'text', text: texts.join('') }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: INPUT_TOKENS, output_tokens: 6 });
  });

  it('stops at max_tokens with exact usage', async () => {
    const message = await client.messages.create({ ...params, max_tokens: 4 });
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(4);
    const streamed = await client.messages.stream({ ...params, max_tokens: 3 }).finalMessage();
    expect([streamed.stop_reason, streamed.usage.output_tokens]).toEqual(['max_tokens', 3]);
  });

  it('stops at a stop sequence and names it', async () => {
    const full = await client.messages.create({ ...params, max_tokens: 6 });
    const text = (full.content[0] as Anthropic.TextBlock).text;
    // The same seed is not promised across requests, so a stop sequence must be in any answer: a space.
    const message = await client.messages.create({ ...params, stop_sequences: ['\u0000never', ' '] });
    expect(message.stop_reason).toBe('stop_sequence');
    expect(message.stop_sequence).toBe(' ');
    expect((message.content[0] as Anthropic.TextBlock).text).not.toContain(' ');
    expect(text.length).toBeGreaterThan(0);
  });

  it('count_tokens', async () => {
    const counted = await client.messages.countTokens({
      model: params.model,
      system: params.system,
      messages: params.messages,
    });
    expect(counted).toEqual({ input_tokens: INPUT_TOKENS });
  });

  it('lists models in the paginated shape', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list({ limit: 5 })) ids.push(model.id);
    expect(ids).toContain('claude-sonnet-4-5');
    expect(new Set(ids).size).toBe(ids.length);
    const model = await client.models.retrieve('claude-sonnet-4-5');
    expect(model).toMatchObject({ type: 'model', id: 'claude-sonnet-4-5' });
  });

  it('answers errors in its shape', async () => {
    const missing = await client.messages
      .create({ model: params.model, messages: params.messages } as unknown as Anthropic.MessageCreateParams)
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(BadRequestError);
    expect((missing as BadRequestError).error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
    expect((missing as BadRequestError).requestID).toMatch(/^req_/);
  });
});

describe('scripted rules on the Messages API', () => {
  it("match the system prompt and say the rule's text with its exact token count", async () => {
    const scripted = sdk(scriptedServer.url);
    const request = { ...params, system: [{ type: 'text' as const, text: 'You are a pirate.' }] };
    const { data, response } = await scripted.messages.create(request).withResponse();
    expect(response.headers.get('x-tokenpace-rule')).toBe('pirate');
    const tokens = countTextTokens(PIRATE, 'o200k_base');
    expect([data.content, data.usage.output_tokens]).toEqual([[{ type: 'text', text: PIRATE }], tokens]);
    const streamed = await scripted.messages.stream(request).finalMessage();
    expect([streamed.content, streamed.usage.output_tokens]).toEqual([
      [{ type: 'text', text: PIRATE }],
      tokens,
    ]);
    const unmatched = await scripted.messages.create(params);
    expect((unmatched.content[0] as Anthropic.TextBlock).text).not.toBe(PIRATE);
  });

  it('answers an unknown model on a strict server with not_found_error', async () => {
    const strict = await startTestServer({ strictModels: true });
    try {
      const error = await sdk(strict.url)
        .messages.create({ ...params, model: 'claude-unknown' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).error).toMatchObject({
        error: { type: 'not_found_error', message: 'model: claude-unknown' },
      });
    } finally {
      await strict.close();
    }
  });
});

describe('a model mapped to an encoding', () => {
  it("counts its input, and a rule's text, in that encoding", async () => {
    const text = 'Привет, как дела сегодня?';
    // The guard: the two encodings disagree on this text, so the count tells which one was used.
    expect([countTextTokens(text, 'o200k_base'), countTextTokens(text, 'cl100k_base')]).toEqual([7, 12]);
    const mapped = await startTestServer({
      models: ['claude-sonnet-4-5=cl100k_base'],
      scripted: { rules: [{ name: 'russian', match: { content: 'russian' }, response: { text } }] },
    });
    try {
      const counted = await sdk(mapped.url).messages.countTokens({
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: text }],
      });
      // 3 priming + 3 per message + 1 for the role + the text.
      expect(counted.input_tokens).toBe(3 + 3 + 1 + 12);
      const answer = await sdk(mapped.url).messages.create({
        ...params,
        messages: [{ role: 'user', content: 'in russian' }],
      });
      expect([answer.content, answer.usage.output_tokens]).toEqual([[{ type: 'text', text }], 12]);
    } finally {
      await mapped.close();
    }
  });
});
