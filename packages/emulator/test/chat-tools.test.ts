import { countTextTokens } from '@tokenpace/core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaErrors } from './support/openapi.js';
import { sseData } from './support/sse.js';
import { buildTestApp } from './support/test-app.js';

// Chat Completions with tools and structured outputs: the shapes of the spec and the SDKs' stream
// accumulators, schema-valid arguments and documents of exact length, the policy and the API's 400s.

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
});

const PARAMETERS = {
  type: 'object',
  properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 7 } },
  required: ['city', 'days'],
  additionalProperties: false,
};
const TOOLS = [
  { type: 'function', function: { name: 'forecast', parameters: PARAMETERS, strict: true } },
  { type: 'function', function: { name: 'now', description: 'The time.' } },
];
const USER = [{ role: 'user', content: 'Weather in Oslo?' }];

async function post(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    payload: { model: 'gpt-4o', ...payload },
    headers,
  });
}

interface ToolCallDelta {
  index: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}
interface Chunk {
  choices: {
    index: number;
    delta: { role?: string; content?: string | null; tool_calls?: ToolCallDelta[] };
    finish_reason: string | null;
  }[];
}

describe('tool calls', () => {
  it('calls the first tool with schema-valid arguments whose tokens are the output length', async () => {
    const response = await post({ messages: USER, tools: TOOLS }, { 'x-output-length': '12' });
    const body = response.json();
    expect(schemaErrors('CreateChatCompletionResponse', body)).toBe('');
    const [choice] = body.choices;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toHaveLength(1);
    const call = choice.message.tool_calls[0];
    expect(call).toMatchObject({ type: 'function', function: { name: 'forecast' } });
    expect(call.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(new Ajv2020().validate(PARAMETERS, JSON.parse(call.function.arguments))).toBe(true);
    expect(countTextTokens(call.function.arguments, 'o200k_base')).toBe(12);
    expect(body.usage.completion_tokens).toBe(12);
  });

  it('answers in text after the tool result, and never calls with tool_choice none', async () => {
    const history = [
      ...USER,
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'forecast', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '3 degrees' },
    ];
    const after = (await post({ messages: history, tools: TOOLS })).json();
    expect(after.choices[0].finish_reason).toBe('stop');
    expect(typeof after.choices[0].message.content).toBe('string');
    const none = (await post({ messages: USER, tools: TOOLS, tool_choice: 'none' })).json();
    expect(none.choices[0].message.tool_calls).toBeUndefined();
  });

  it('says stop for a named tool choice, as the API does, and calls that tool', async () => {
    const body = (
      await post({
        messages: USER,
        tools: TOOLS,
        tool_choice: { type: 'function', function: { name: 'now' } },
      })
    ).json();
    expect(body.choices[0].finish_reason).toBe('stop');
    expect(body.choices[0].message.tool_calls[0].function).toEqual({ name: 'now', arguments: '{}' });
  });

  it('streams each call as the SDKs accumulate it: opening delta, then one fragment per token', async () => {
    const response = await post(
      { messages: USER, tools: TOOLS, stream: true, stream_options: { include_usage: true } },
      { 'x-tool-call': 'forecast,forecast', 'x-output-length': '20' },
    );
    const data = sseData(response.body);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1) as Chunk[];
    for (const chunk of chunks) expect(schemaErrors('CreateChatCompletionStreamResponse', chunk)).toBe('');
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: null, refusal: null });
    const deltas = chunks.flatMap((chunk) =>
      chunk.choices.flatMap((choice) => choice.delta.tool_calls ?? []),
    );
    const openings = deltas.filter((delta) => delta.id !== undefined);
    expect(openings.map((delta) => [delta.index, delta.function])).toEqual([
      [0, { name: 'forecast', arguments: '' }],
      [1, { name: 'forecast', arguments: '' }],
    ]);
    const fragments = deltas.filter((delta) => delta.id === undefined);
    expect(fragments.every((delta) => Object.keys(delta).sort().join() === 'function,index')).toBe(true);
    const argumentsByCall = [0, 1].map((index) =>
      fragments
        .filter((delta) => delta.index === index)
        .map((delta) => delta.function?.arguments)
        .join(''),
    );
    for (const text of argumentsByCall)
      expect(new Ajv2020().validate(PARAMETERS, JSON.parse(text))).toBe(true);
    const usage = (chunks.at(-1) as unknown as { usage: { completion_tokens: number } }).usage;
    expect(usage.completion_tokens).toBe(fragments.length);
    expect(fragments.length).toBe(
      argumentsByCall.reduce((sum, text) => sum + countTextTokens(text, 'o200k_base'), 0),
    );
    const finish = chunks.flatMap((chunk) => chunk.choices).find((choice) => choice.finish_reason !== null);
    expect(finish?.finish_reason).toBe('tool_calls');
  });

  it('counts the tool definitions in the prompt', async () => {
    const withTools = (await post({ messages: USER, tools: TOOLS, tool_choice: 'none' })).json();
    const without = (await post({ messages: USER })).json();
    expect(withTools.usage.prompt_tokens).toBeGreaterThan(without.usage.prompt_tokens);
  });
});

describe('structured outputs', () => {
  it('answers json_schema with a valid document of exact length, streamed one token per chunk', async () => {
    const schema = {
      type: 'object',
      properties: { title: { type: 'string' }, score: { type: 'number' }, ok: { type: 'boolean' } },
      required: ['title', 'score', 'ok'],
      additionalProperties: false,
    };
    const payload = {
      messages: USER,
      response_format: { type: 'json_schema', json_schema: { name: 'review', schema, strict: true } },
    };
    const body = (await post(payload, { 'x-output-length': '25' })).json();
    const content = body.choices[0].message.content;
    expect(new Ajv2020().validate(schema, JSON.parse(content))).toBe(true);
    expect(countTextTokens(content, 'o200k_base')).toBe(25);
    const stream = await post({ ...payload, stream: true }, { 'x-output-length': '25' });
    const contentChunks = (sseData(stream.body).slice(0, -1) as Chunk[]).filter(
      (chunk) =>
        typeof chunk.choices[0]?.delta.content === 'string' && chunk.choices[0]?.delta.content !== '',
    );
    expect(contentChunks).toHaveLength(25);
  });

  it('answers json_object with a JSON object', async () => {
    const body = (
      await post({
        messages: [{ role: 'user', content: 'Reply in JSON.' }],
        response_format: { type: 'json_object' },
      })
    ).json();
    const document = JSON.parse(body.choices[0].message.content);
    expect(typeof document).toBe('object');
    expect(Array.isArray(document)).toBe(false);
  });
});

describe("the API's 400s", () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    [
      'json_object without the word json',
      { messages: USER, response_format: { type: 'json_object' } },
      {
        message:
          "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        param: 'messages',
        code: null,
      },
    ],
    [
      'a strict tool schema missing a required key',
      {
        messages: USER,
        tools: [
          {
            type: 'function',
            function: {
              name: 'f',
              strict: true,
              parameters: {
                type: 'object',
                properties: { a: { type: 'string' } },
                additionalProperties: false,
              },
            },
          },
        ],
      },
      {
        message:
          "Invalid schema for function 'f': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'a'.",
        param: 'tools[0].function.parameters',
        code: 'invalid_function_parameters',
      },
    ],
    [
      'a tool message without a call',
      { messages: [...USER, { role: 'tool', tool_call_id: 'call_x', content: 'ok' }], tools: TOOLS },
      {
        message:
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
        param: 'messages.[1].role',
        code: null,
      },
    ],
    [
      'a call left unanswered',
      {
        messages: [
          ...USER,
          {
            role: 'assistant',
            tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'now', arguments: '{}' } }],
          },
          { role: 'user', content: 'and?' },
        ],
        tools: TOOLS,
      },
      {
        message:
          "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_a",
        param: 'messages.[2].role',
        code: null,
      },
    ],
  ];
  it.each(cases)('%s', async (_name, payload, error) => {
    const response = await post(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { type: 'invalid_request_error', ...error } });
  });
});
