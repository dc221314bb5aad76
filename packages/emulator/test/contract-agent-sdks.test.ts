import { createOpenAI } from '@ai-sdk/openai';
import { countTextTokens } from '@tokenpace/core';
import { generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { zodFunction, zodResponseFormat, zodTextFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';

// The agent-era clients against a listening emulator: the openai SDK's Responses API, its structured-output
// and tool-runner helpers, and the Vercel AI SDK's default provider (which speaks the Responses API). Each
// parses the emulator's answers with its own decoder and accumulators.

const TIMING_HEADERS = { 'x-ttft-ms': '5', 'x-itl-ms': '1', 'x-output-length': '12' };

let server: RunningServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startTestServer();
  client = new OpenAI({
    baseURL: `${server.url}/v1`,
    apiKey: 'sk-test',
    maxRetries: 0,
    defaultHeaders: TIMING_HEADERS,
  });
});
afterAll(async () => {
  await server.close();
});

const Weather = z.object({ city: z.string(), celsius: z.number() });

describe('the openai SDK: Responses API', () => {
  it('responses.create answers text with exact usage', async () => {
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'Say hello.' });
    expect(response.status).toBe('completed');
    expect(countTextTokens(response.output_text, 'o200k_base')).toBe(12);
    expect(response.usage?.output_tokens).toBe(12);
  });

  it('responses.stream accumulates the events into the final response', async () => {
    const stream = client.responses.stream({ model: 'gpt-4o-mini', input: 'Say hello.' });
    let deltas = '';
    stream.on('response.output_text.delta', (event) => {
      deltas += event.delta;
    });
    const final = await stream.finalResponse();
    const message = final.output.find((item) => item.type === 'message');
    const text =
      message?.type === 'message'
        ? message.content.map((part) => (part.type === 'output_text' ? part.text : '')).join('')
        : '';
    expect(text).toBe(deltas);
    expect(countTextTokens(deltas, 'o200k_base')).toBe(12);
    expect(final.usage?.output_tokens).toBe(12);
  });

  it('responses.parse with a zod text format gets a parsed object', async () => {
    const response = await client.responses.parse({
      model: 'gpt-4o',
      input: 'Weather in Oslo?',
      text: { format: zodTextFormat(Weather, 'weather') },
    });
    expect(Weather.parse(response.output_parsed)).toEqual(response.output_parsed);
  });

  it('a function-call round trip ends in text', async () => {
    const tools: OpenAI.Responses.FunctionTool[] = [
      {
        type: 'function',
        name: 'get_weather',
        strict: true,
        parameters: {
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
          additionalProperties: false,
        },
      },
    ];
    const first = await client.responses.create({ model: 'gpt-4o', input: 'Weather in Oslo?', tools });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call?.type).toBe('function_call');
    if (call?.type !== 'function_call') return;
    expect(typeof JSON.parse(call.arguments).city).toBe('string');
    const second = await client.responses.create({
      model: 'gpt-4o',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '3 degrees' }],
      tools,
    });
    expect(second.output_text.length).toBeGreaterThan(0);
  });
});

describe('the openai SDK: chat helpers', () => {
  it('chat.completions.parse with a zod response format', async () => {
    const completion = await client.chat.completions.parse({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      response_format: zodResponseFormat(Weather, 'weather'),
    });
    const parsed = completion.choices[0]?.message.parsed;
    expect(Weather.parse(parsed)).toEqual(parsed);
  });

  it('chat.completions.parse with a strict zod tool', async () => {
    const completion = await client.chat.completions.parse({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [zodFunction({ name: 'weather', parameters: Weather })],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') return;
    expect(Weather.parse(call.function.parsed_arguments)).toEqual(call.function.parsed_arguments);
  });

  it('runTools runs the tool loop to a text answer', async () => {
    const seen: unknown[] = [];
    const runner = client.chat.completions.runTools({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'Current weather in a city.',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            parse: JSON.parse,
            function: (args: unknown) => {
              seen.push(args);
              return '3 degrees';
            },
          },
        },
      ],
    });
    const content = await runner.finalContent();
    expect(seen).toHaveLength(1);
    expect(typeof content).toBe('string');
    expect(content?.length).toBeGreaterThan(0);
  });
});

describe('the Vercel AI SDK, default OpenAI provider (Responses API)', () => {
  const provider = () =>
    createOpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-test', headers: TIMING_HEADERS });

  it('generateText', async () => {
    const result = await generateText({
      model: provider()('gpt-4o-mini'),
      prompt: 'Say hello.',
      maxRetries: 0,
    });
    expect(countTextTokens(result.text, 'o200k_base')).toBe(12);
    expect(result.usage.outputTokens).toBe(12);
  });

  it('streamText', async () => {
    const result = streamText({ model: provider()('gpt-4o-mini'), prompt: 'Say hello.', maxRetries: 0 });
    let text = '';
    for await (const part of result.textStream) text += part;
    expect(text).toBe(await result.text);
    expect((await result.usage).outputTokens).toBe(12);
  });

  it('generateObject', async () => {
    const result = await generateObject({
      model: provider()('gpt-4o'),
      schema: Weather,
      prompt: 'Weather in Oslo?',
      maxRetries: 0,
    });
    expect(Weather.parse(result.object)).toEqual(result.object);
  });

  it('tools with toolChoice required, then a loop that ends in text', async () => {
    const calls: unknown[] = [];
    const weather = tool({
      description: 'Current weather',
      inputSchema: z.object({ city: z.string() }),
      execute: async (input) => {
        calls.push(input);
        return { celsius: 3 };
      },
    });
    const forced = await generateText({
      model: provider()('gpt-4o'),
      prompt: 'Weather in Oslo?',
      tools: { weather },
      toolChoice: 'required',
      maxRetries: 0,
    });
    expect(forced.toolCalls).toHaveLength(1);
    const looped = await generateText({
      model: provider()('gpt-4o'),
      prompt: 'Weather in Oslo?',
      tools: { weather },
      stopWhen: stepCountIs(5),
      maxRetries: 0,
    });
    expect(looped.steps).toHaveLength(2);
    expect(looped.text.length).toBeGreaterThan(0);
    expect(calls).toHaveLength(2);
  });
});
