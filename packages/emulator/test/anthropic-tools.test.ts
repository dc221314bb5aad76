import Anthropic, { BadRequestError } from '@anthropic-ai/sdk';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';

// Tool use through the official Anthropic SDK: the shared policy and generator, in Anthropic's blocks.

let server: RunningServer;
let client: Anthropic;

const WEATHER_SCHEMA = {
  type: 'object' as const,
  properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 7 } },
  required: ['city', 'days'],
  additionalProperties: false,
};
const tools: Anthropic.Tool[] = [
  { name: 'get_weather', description: 'Weather for a city.', input_schema: WEATHER_SCHEMA },
  {
    name: 'get_time',
    input_schema: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] },
  },
];
const validWeather = new Ajv().compile(WEATHER_SCHEMA);
const base = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user' as const, content: 'Weather in Oslo?' }],
  tools,
};

beforeAll(async () => {
  server = await startTestServer();
  client = new Anthropic({
    baseURL: server.url,
    apiKey: 'sk-ant-test',
    maxRetries: 0,
    defaultHeaders: { 'x-output-length': '12', 'x-ttft-ms': '5', 'x-itl-ms': '1' },
  });
});
afterAll(async () => {
  await server.close();
});

describe('tool use with the Anthropic SDK', () => {
  it('forced tool use, not streamed: a tool_use block with a schema-valid input of exact tokens', async () => {
    const message = await client.messages.create({
      ...base,
      tool_choice: { type: 'tool', name: 'get_weather' },
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBe(12);
    expect(message.content).toHaveLength(1);
    const block = message.content[0] as Anthropic.ToolUseBlock;
    expect(block.type).toBe('tool_use');
    expect(block.id).toMatch(/^toolu_01/);
    expect(block.name).toBe('get_weather');
    expect(validWeather(block.input)).toBe(true);
  });

  it('forced tool use, streamed: input_json_delta per token, parsed by MessageStream', async () => {
    const stream = client.messages.stream({ ...base, tool_choice: { type: 'tool', name: 'get_weather' } });
    const fragments: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta')
        fragments.push(event.delta.partial_json);
    });
    const message = await stream.finalMessage();
    expect(fragments).toHaveLength(12);
    const block = message.content[0] as Anthropic.ToolUseBlock;
    expect([message.stop_reason, message.usage.output_tokens, block.name]).toEqual([
      'tool_use',
      12,
      'get_weather',
    ]);
    expect(block.input).toEqual(JSON.parse(fragments.join('')));
    expect(validWeather(block.input)).toBe(true);
  });

  it('any with X-Tool-Call: 2 calls two tools, one when parallel use is disabled', async () => {
    // Each call's share of the output must fit its smallest valid input, so two calls get 24 tokens.
    const headers = { 'x-tool-call': '2', 'x-output-length': '24' };
    const two = await client.messages.create({ ...base, tool_choice: { type: 'any' } }, { headers });
    expect(two.content.map((block) => [block.type, (block as Anthropic.ToolUseBlock).name])).toEqual([
      ['tool_use', 'get_weather'],
      ['tool_use', 'get_time'],
    ]);
    expect(two.usage.output_tokens).toBe(24);
    const one = await client.messages.create(
      { ...base, tool_choice: { type: 'any', disable_parallel_tool_use: true } },
      { headers },
    );
    expect(one.content).toHaveLength(1);
  });

  it('auto calls a tool on the user turn and answers in text after its result', async () => {
    const first = await client.messages.create(base);
    const call = first.content[0] as Anthropic.ToolUseBlock;
    expect([first.stop_reason, call.type]).toEqual(['tool_use', 'tool_use']);
    const second = await client.messages.create({
      ...base,
      messages: [
        ...base.messages,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '12 °C' }] },
      ],
    });
    expect([second.stop_reason, second.content[0]?.type, second.usage.output_tokens]).toEqual([
      'end_turn',
      'text',
      12,
    ]);
  });

  it('cuts a tool call at max_tokens', async () => {
    const message = await client.messages.create({
      ...base,
      max_tokens: 5,
      tool_choice: { type: 'tool', name: 'get_weather' },
    });
    expect([message.stop_reason, message.usage.output_tokens]).toEqual(['max_tokens', 5]);
  });

  it('counts the tools in the input, count_tokens the same as the message', async () => {
    const message = await client.messages.create(base);
    const withoutTools = await client.messages.countTokens({ model: base.model, messages: base.messages });
    const counted = await client.messages.countTokens({ model: base.model, messages: base.messages, tools });
    expect(counted.input_tokens).toBe(message.usage.input_tokens);
    expect(counted.input_tokens).toBeGreaterThan(withoutTools.input_tokens);
  });

  it('rejects a forced tool_choice without tools, or naming an unknown tool', async () => {
    const withoutTools = await client.messages
      .create({ ...base, tools: undefined, tool_choice: { type: 'any' } })
      .catch((error: unknown) => error);
    expect(withoutTools).toBeInstanceOf(BadRequestError);
    expect((withoutTools as BadRequestError).error).toMatchObject({
      error: {
        type: 'invalid_request_error',
        message: 'tool_choice may only be specified while providing tools.',
      },
    });
    const unknown = await client.messages
      .create({ ...base, tool_choice: { type: 'tool', name: 'nope' } })
      .catch((error: unknown) => error);
    expect((unknown as BadRequestError).status).toBe(400);
  });
});

describe('structured output with the Anthropic SDK', () => {
  it('answers output_config.format with a schema-valid JSON text block of exact tokens, streamed or not', async () => {
    const request = {
      ...base,
      tools: undefined,
      output_config: { format: { type: 'json_schema' as const, schema: WEATHER_SCHEMA } },
    };
    const message = await client.messages.create(request);
    const text = (message.content[0] as Anthropic.TextBlock).text;
    expect([message.stop_reason, message.usage.output_tokens]).toEqual(['end_turn', 12]);
    expect(validWeather(JSON.parse(text))).toBe(true);
    const streamed = await client.messages.stream(request).finalMessage();
    const streamedText = (streamed.content[0] as Anthropic.TextBlock).text;
    expect([streamed.stop_reason, streamed.usage.output_tokens]).toEqual(['end_turn', 12]);
    expect(validWeather(JSON.parse(streamedText))).toBe(true);
  });
});
