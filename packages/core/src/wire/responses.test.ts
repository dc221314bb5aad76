import fc from 'fast-check';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { base64ToFloat32 } from '../embeddings/base64.js';
import { CreateEmbeddingResponse, embeddingResponse, float32ToNumbers } from './embedding.js';
import { ErrorBody, errorBody } from './error-body.js';
import { Model, ModelList, modelList, modelObject } from './model.js';
import {
  Completion,
  CompletionChunk,
  completion,
  completionChunk,
  completionUsageChunk,
} from './text-completion.js';
import { textCompletionUsage } from './usage.js';

const identity = {
  id: 'cmpl-abcdefghijklmnopqrstuvwxyz012',
  created: 1_700_000_000,
  model: 'gpt-3.5-turbo-instruct',
};

describe('legacy completions', () => {
  it('non-stream body has text, index, logprobs null, finish_reason and usage without details', () => {
    const body = completion(
      identity,
      [{ text: ' Hi', finishReason: 'length' }],
      textCompletionUsage({ promptTokens: 5, completionTokens: 1 }),
    );
    expect(JSON.stringify(body)).toBe(
      '{"id":"cmpl-abcdefghijklmnopqrstuvwxyz012","object":"text_completion","created":1700000000,' +
        '"model":"gpt-3.5-turbo-instruct","choices":[{"text":" Hi","index":0,"logprobs":null,"finish_reason":"length"}],' +
        '"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}',
    );
    expect(Value.Check(Completion, body)).toBe(true);
    expect(Value.Check(Completion, { ...body, choices: [{ ...body.choices[0], finish_reason: null }] })).toBe(
      false,
    );
  });

  it('stream events keep the object type, with finish_reason null until the last', () => {
    const events = [
      completionChunk(identity, 0, ' Hi', null, false),
      completionChunk(identity, 0, ' there', 'stop', false),
    ];
    expect(JSON.stringify(events[0])).toBe(
      '{"id":"cmpl-abcdefghijklmnopqrstuvwxyz012","object":"text_completion","created":1700000000,' +
        '"model":"gpt-3.5-turbo-instruct","choices":[{"text":" Hi","index":0,"logprobs":null,"finish_reason":null}]}',
    );
    expect(events[1]?.choices[0]?.finish_reason).toBe('stop');
    for (const event of events) expect(Value.Check(CompletionChunk, event)).toBe(true);
  });

  it('with include_usage, events carry "usage": null and a final event has choices: [] and the usage', () => {
    const usage = textCompletionUsage({ promptTokens: 5, completionTokens: 2 });
    expect(completionChunk(identity, 0, ' Hi', null, true).usage).toBeNull();
    const last = completionUsageChunk(identity, usage);
    expect(last.choices).toEqual([]);
    expect(last.usage).toStrictEqual({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 });
    expect(Value.Check(CompletionChunk, last)).toBe(true);
  });
});

describe('embeddings', () => {
  const vectors = [new Float32Array([0.6, -0.8]), new Float32Array([1, 0])];

  it('float format sends float32 values as short JSON numbers', () => {
    const body = embeddingResponse({
      model: 'text-embedding-3-small',
      vectors,
      encodingFormat: 'float',
      promptTokens: 4,
    });
    expect(JSON.stringify(body)).toBe(
      '{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.600000024,-0.800000012]},' +
        '{"object":"embedding","index":1,"embedding":[1,0]}],"model":"text-embedding-3-small",' +
        '"usage":{"prompt_tokens":4,"total_tokens":4}}',
    );
    expect(Value.Check(CreateEmbeddingResponse, body)).toBe(true);
  });

  it('base64 format decodes back to the same float32 values', () => {
    const body = embeddingResponse({ model: 'm', vectors, encodingFormat: 'base64', promptTokens: 4 });
    expect(Value.Check(CreateEmbeddingResponse, body)).toBe(true);
    const decoded = body.data.map((entry) => base64ToFloat32(entry.embedding as string));
    expect(decoded).toEqual(vectors);
  });

  it('short numbers convert back to exactly the same float32', () => {
    fc.assert(
      fc.property(fc.float32Array({ noNaN: true, noDefaultInfinity: true, maxLength: 64 }), (vector) => {
        const numbers = float32ToNumbers(vector);
        // JSON has no negative zero: -0 arrives as 0, as from any JSON encoder.
        const expected = vector.map((value) => value + 0);
        expect(Float32Array.from(JSON.parse(JSON.stringify(numbers)) as number[])).toEqual(expected);
      }),
    );
  });
});

describe('models and errors', () => {
  it('model objects and lists have the API shape', () => {
    const model = modelObject({ id: 'gpt-4o', created: 1_715_367_049, ownedBy: 'system' });
    expect(model).toStrictEqual({
      id: 'gpt-4o',
      object: 'model',
      created: 1_715_367_049,
      owned_by: 'system',
    });
    const list = modelList([model]);
    expect(list).toStrictEqual({ object: 'list', data: [model] });
    expect(Value.Check(Model, model)).toBe(true);
    expect(Value.Check(ModelList, list)).toBe(true);
  });

  it('error bodies always carry all four keys', () => {
    const body = errorBody({
      message: 'Invalid X-TTFT-MS header',
      type: 'invalid_request_error',
      param: 'X-TTFT-MS',
    });
    expect(JSON.stringify(body)).toBe(
      '{"error":{"message":"Invalid X-TTFT-MS header","type":"invalid_request_error","param":"X-TTFT-MS","code":null}}',
    );
    expect(Value.Check(ErrorBody, body)).toBe(true);
    expect(Value.Check(ErrorBody, { error: { message: 'm', type: 't', param: null } })).toBe(false);
  });
});
