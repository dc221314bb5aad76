import { countTextTokens } from '@tokenpace/core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaErrors } from './support/openapi.js';
import { buildTestApp } from './support/test-app.js';

// POST /v1/responses through the whole app: shapes against OpenAI's published spec, exact tokens, the event
// order the SDKs' accumulators demand, tools, structured output, stored responses and the API's 400s.

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
});

const WEATHER_TOOL = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather in a city.',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } },
    required: ['city', 'unit'],
    additionalProperties: false,
  },
  strict: true,
};

interface StreamEvent {
  type: string;
  sequence_number: number;
  [key: string]: unknown;
}

async function post(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/v1/responses', payload, headers });
}

/** The events of a Responses stream: every frame has `event:` equal to its JSON type, and no `[DONE]`. */
function streamEvents(body: string): StreamEvent[] {
  expect(body.endsWith('\n\n')).toBe(true);
  return body
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const [eventLine, dataLine, ...rest] = frame.split('\n');
      expect(rest).toEqual([]);
      const event = JSON.parse((dataLine as string).slice('data: '.length)) as StreamEvent;
      expect(eventLine).toBe(`event: ${event.type}`);
      return event;
    });
}

function expectSpecValid(name: 'Response' | 'ResponseStreamEvent', value: unknown): void {
  expect(schemaErrors(name, value), JSON.stringify(value).slice(0, 300)).toBe('');
}

describe('POST /v1/responses, not streamed', () => {
  it('answers text with exact usage, the spec shape and the output length asked for', async () => {
    const response = await post(
      { model: 'gpt-4o-mini', input: 'Say hello.', instructions: 'Be brief.' },
      { 'x-output-length': '7' },
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expectSpecValid('Response', body);
    expect(body).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'gpt-4o-mini',
      instructions: 'Be brief.',
      error: null,
      incomplete_details: null,
      tool_choice: 'auto',
      text: { format: { type: 'text' }, verbosity: 'medium' },
    });
    expect(body.id).toMatch(/^resp_[0-9a-f]{48}$/);
    const [item] = body.output;
    expect(item.id).toBe(`msg_${body.id.slice(5)}00`);
    expect(item.content[0]).toMatchObject({ type: 'output_text', annotations: [], logprobs: [] });
    expect(countTextTokens(item.content[0].text, 'o200k_base')).toBe(7);
    // 3 priming + (3 + 'system' 1 + 'Be brief.' 3) + (3 + 'user' 1 + 'Say hello.' 3) = 17
    expect(body.usage).toEqual({
      input_tokens: 17,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: 7,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 24,
    });
  });

  it('stops at max_output_tokens with status incomplete', async () => {
    const response = await post(
      { model: 'gpt-4o', input: 'Go on.', max_output_tokens: 16 },
      { 'x-output-length': '40' },
    );
    const body = response.json();
    expectSpecValid('Response', body);
    expect(body.status).toBe('incomplete');
    expect(body.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(body.completed_at).toBeNull();
    expect(body.output[0].status).toBe('incomplete');
    expect(body.usage.output_tokens).toBe(16);
  });

  it("calls a tool when the user spoke last, and answers in text after the tool's output", async () => {
    const first = (
      await post({ model: 'gpt-4o', input: 'Weather in Oslo?', tools: [WEATHER_TOOL], seed: 7 })
    ).json();
    expectSpecValid('Response', first);
    expect(first.output).toHaveLength(1);
    const call = first.output[0];
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', status: 'completed' });
    expect(call.call_id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    const args = JSON.parse(call.arguments);
    expect(new Ajv2020().validate(WEATHER_TOOL.parameters, args)).toBe(true);
    expect(countTextTokens(call.arguments, 'o200k_base')).toBe(first.usage.output_tokens);
    expect(first.tools[0]).toMatchObject({ type: 'function', name: 'get_weather', strict: true });

    const second = await post({
      model: 'gpt-4o',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temp":3}' }],
      tools: [WEATHER_TOOL],
    });
    expect(second.statusCode).toBe(200);
    const answer = second.json();
    expect(answer.output[0].type).toBe('message');
    expect(answer.previous_response_id).toBe(first.id);
    expect(answer.usage.input_tokens).toBeGreaterThan(first.usage.input_tokens + first.usage.output_tokens);
  });

  it('gives the same arguments for the same seed', async () => {
    const request = { model: 'gpt-4o', input: 'Weather?', tools: [WEATHER_TOOL], seed: 42 };
    const [a, b] = await Promise.all([post(request), post(request)]);
    expect(a.json().output[0].arguments).toBe(b.json().output[0].arguments);
  });

  it('makes parallel calls on X-Tool-Call and answers in text on X-Tool-Call: text', async () => {
    const parallel = (
      await post({ model: 'gpt-4o', input: 'Weather?', tools: [WEATHER_TOOL] }, { 'x-tool-call': '3' })
    ).json();
    expect(parallel.output.map((item: { type: string }) => item.type)).toEqual([
      'function_call',
      'function_call',
      'function_call',
    ]);
    expect(new Set(parallel.output.map((item: { call_id: string }) => item.call_id)).size).toBe(3);
    const single = (
      await post(
        { model: 'gpt-4o', input: 'Weather?', tools: [WEATHER_TOOL], parallel_tool_calls: false },
        { 'x-tool-call': '3' },
      )
    ).json();
    expect(single.output).toHaveLength(1);
    const text = (
      await post({ model: 'gpt-4o', input: 'Weather?', tools: [WEATHER_TOOL] }, { 'x-tool-call': 'text' })
    ).json();
    expect(text.output[0].type).toBe('message');
  });

  it('answers text.format json_schema with a document valid for the schema, of exact length', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['name', 'tags'],
      additionalProperties: false,
    };
    const body = (
      await post(
        {
          model: 'gpt-4o',
          input: 'Describe it.',
          text: { format: { type: 'json_schema', name: 'thing', schema, strict: true } },
        },
        { 'x-output-length': '30' },
      )
    ).json();
    const text = body.output[0].content[0].text;
    expect(new Ajv2020().validate(schema, JSON.parse(text))).toBe(true);
    expect(countTextTokens(text, 'o200k_base')).toBe(30);
    expect(body.usage.output_tokens).toBe(30);
    expect(body.text.format).toMatchObject({ type: 'json_schema', name: 'thing', strict: true });
  });
});

describe('POST /v1/responses, streamed', () => {
  it('sends the event sequence the SDKs accumulate, one delta per token, numbered from 0', async () => {
    const response = await post({ model: 'gpt-4o', input: 'Hi', stream: true }, { 'x-output-length': '5' });
    expect(response.headers['content-type']).toContain('text/event-stream');
    const events = streamEvents(response.body);
    for (const event of events) expectSpecValid('ResponseStreamEvent', event);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...Array(5).fill('response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const created = events[0] as unknown as {
      response: { output: unknown[]; usage?: unknown; status: string };
    };
    expect(created.response).toMatchObject({ output: [], status: 'in_progress' });
    expect(created.response.usage).toBeUndefined();
    const text = events
      .filter((event) => event.type === 'response.output_text.delta')
      .map((event) => event.delta)
      .join('');
    const done = events.find((event) => event.type === 'response.output_text.done');
    expect(done?.text).toBe(text);
    const completed = events.at(-1) as unknown as { response: { output: { content: { text: string }[] }[] } };
    expect(completed.response.output[0]?.content[0]?.text).toBe(text);
    expect(countTextTokens(text, 'o200k_base')).toBe(5);
  });

  it('streams parallel function calls one item after another, arguments one token per delta', async () => {
    const response = await post(
      { model: 'gpt-4o', input: 'Weather?', tools: [WEATHER_TOOL], stream: true },
      { 'x-tool-call': 'get_weather,get_weather', 'x-output-length': '24' },
    );
    const events = streamEvents(response.body);
    for (const event of events) expectSpecValid('ResponseStreamEvent', event);
    const outline = events
      .map((event) => event.type)
      .filter((type) => type !== 'response.function_call_arguments.delta');
    expect(outline).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const final = (
      events.at(-1) as unknown as {
        response: { output: { id: string; arguments: string }[]; usage: { output_tokens: number } };
      }
    ).response;
    for (const [index, item] of final.output.entries()) {
      const deltas = events.filter(
        (event) => event.type === 'response.function_call_arguments.delta' && event.item_id === item.id,
      );
      expect(deltas.every((event) => event.output_index === index)).toBe(true);
      expect(deltas.map((event) => event.delta).join('')).toBe(item.arguments);
      expect(deltas.length).toBe(countTextTokens(item.arguments, 'o200k_base'));
    }
    const deltaCount = events.filter(
      (event) => event.type === 'response.function_call_arguments.delta',
    ).length;
    expect(final.usage.output_tokens).toBe(deltaCount);
  });

  it("ends a faulted stream with an error event in the API's shape, numbered next", async () => {
    const response = await post(
      { model: 'gpt-4o', input: 'Hi', stream: true },
      { 'x-output-length': '6', 'x-fault': 'error(after=2)' },
    );
    const events = streamEvents(response.body);
    const last = events.at(-1) as StreamEvent;
    expect(last.type).toBe('error');
    expect(last.sequence_number).toBe(events.length - 1);
    expect(last).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(events.filter((event) => event.type === 'response.output_text.delta')).toHaveLength(2);
  });
});

describe('stored responses', () => {
  it('retrieves and deletes a response; unknown ids are 404 in the API shape', async () => {
    const created = (await post({ model: 'gpt-4o', input: 'Hi' })).json();
    const retrieved = await app.inject({ method: 'GET', url: `/v1/responses/${created.id}` });
    expect(retrieved.json()).toEqual(created);
    const deleted = await app.inject({ method: 'DELETE', url: `/v1/responses/${created.id}` });
    expect(deleted.json()).toEqual({ id: created.id, object: 'response', deleted: true });
    const gone = await app.inject({ method: 'GET', url: `/v1/responses/${created.id}` });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toEqual({
      error: {
        message: `Response with id '${created.id}' not found.`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  it('counts input tokens without answering', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/responses/input_tokens',
      payload: { model: 'gpt-4o', input: 'Say hello.', instructions: 'Be brief.' },
    });
    expect(response.json()).toEqual({ object: 'response.input_tokens', input_tokens: 17 });
  });
});

describe("the API's 400s", () => {
  const cases: [string, Record<string, unknown>, Record<string, string>, Record<string, unknown>][] = [
    [
      'max_output_tokens below 16',
      { model: 'gpt-4o', input: 'x', max_output_tokens: 10 },
      {},
      {
        message:
          "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 10 instead.",
        param: 'max_output_tokens',
        code: 'integer_below_min_value',
      },
    ],
    [
      'an unknown previous response',
      { model: 'gpt-4o', input: 'x', previous_response_id: 'resp_nope' },
      {},
      {
        message: "Previous response with id 'resp_nope' not found.",
        param: 'previous_response_id',
        code: 'previous_response_not_found',
      },
    ],
    [
      'a function call output without its call',
      { model: 'gpt-4o', input: [{ type: 'function_call_output', call_id: 'call_x', output: 'ok' }] },
      {},
      {
        message: 'No tool call found for function call output with call_id call_x.',
        param: 'input',
        code: null,
      },
    ],
    [
      'json_object without the word json',
      { model: 'gpt-4o', input: 'Describe it.', text: { format: { type: 'json_object' } } },
      {},
      {
        message:
          "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.",
        param: 'text.format',
        code: null,
      },
    ],
    [
      'a strict schema without additionalProperties',
      {
        model: 'gpt-4o',
        input: 'x',
        text: {
          format: {
            type: 'json_schema',
            name: 'thing',
            strict: true,
            schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          },
        },
      },
      {},
      {
        message:
          "Invalid schema for response_format 'thing': In context=(), 'additionalProperties' is required to be supplied and to be false.",
        param: 'text.format.schema',
        code: 'invalid_json_schema',
      },
    ],
    [
      'an X-Tool-Call naming no tool of the request',
      { model: 'gpt-4o', input: 'x', tools: [WEATHER_TOOL] },
      { 'x-tool-call': 'search' },
      {
        message: "Invalid x-tool-call header: 'search' is not one of the request's tools.",
        param: 'x-tool-call',
        code: 'invalid_value',
      },
    ],
  ];
  it.each(cases)('%s', async (_name, payload, headers, error) => {
    const response = await post(payload, headers);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { type: 'invalid_request_error', ...error } });
  });
});

describe('rate limits', () => {
  it("count a Responses request's input and output as the chat formula does", async () => {
    const limited = await buildTestApp({ rateLimits: { requestsPerMinute: 100, tokensPerMinute: 1_000 } });
    try {
      const response = await limited.inject({
        method: 'POST',
        url: '/v1/responses',
        payload: { model: 'gpt-4o', input: [{ role: 'user', content: 'Say hello.' }] },
        headers: { 'x-output-length': '7' },
      });
      // 3 priming + (3 + 'user' 1 + 'Say hello.' 3) = 10 input tokens, and 7 output tokens.
      expect(response.headers['x-ratelimit-remaining-tokens']).toBe('983');
    } finally {
      await limited.close();
    }
  });
});
