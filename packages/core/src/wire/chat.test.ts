import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ChatCompletion, chatCompletion } from './chat-completion.js';
import {
  ChatCompletionChunk,
  chatCompletionChunk,
  chatContentChunk,
  chatFinishChunk,
  chatRoleChunk,
  chatUsageChunk,
} from './chat-completion-chunk.js';
import type { ChatResponseIdentity } from './common.js';
import { completionUsage } from './usage.js';

const identity: ChatResponseIdentity = {
  id: 'chatcmpl-abcdefghijklmnopqrstuvwxyz012',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  systemFingerprint: 'fp_0123456789',
};
const usage = completionUsage({ promptTokens: 12, completionTokens: 3 });

describe('completionUsage', () => {
  it('sums the total and sends every detail key', () => {
    expect(
      completionUsage({ promptTokens: 12, completionTokens: 3, cachedPromptTokens: 4, reasoningTokens: 1 }),
    ).toStrictEqual({
      prompt_tokens: 12,
      completion_tokens: 3,
      total_tokens: 15,
      prompt_tokens_details: { cached_tokens: 4, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 1,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    });
  });
});

describe('chatCompletion', () => {
  it('has every required key, in the order the API sends them', () => {
    const body = chatCompletion(identity, [{ content: ' Hello world', finishReason: 'length' }], usage);
    expect(JSON.stringify(body)).toBe(
      '{"id":"chatcmpl-abcdefghijklmnopqrstuvwxyz012","object":"chat.completion","created":1700000000,' +
        '"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":" Hello world",' +
        '"refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"length"}],' +
        '"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,' +
        '"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":' +
        '{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},' +
        '"service_tier":"default","system_fingerprint":"fp_0123456789"}',
    );
    expect(Value.Check(ChatCompletion, body)).toBe(true);
  });

  it('numbers choices, passes tool calls and logprobs through, and echoes a service tier', () => {
    const body = chatCompletion(
      { ...identity, serviceTier: 'flex' },
      [
        { content: 'a', finishReason: 'stop', logprobs: { content: [], refusal: null } },
        {
          content: null,
          finishReason: 'tool_calls',
          toolCalls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
      ],
      usage,
    );
    expect(body.choices.map((choice) => choice.index)).toEqual([0, 1]);
    expect(body.choices[0]?.logprobs).toStrictEqual({ content: [], refusal: null });
    expect(body.choices[1]?.message.tool_calls?.[0]?.function.name).toBe('f');
    expect(body.choices[0]?.message).not.toHaveProperty('tool_calls');
    expect(body.service_tier).toBe('flex');
    expect(Value.Check(ChatCompletion, body)).toBe(true);
  });

  it('schema rejects a null fingerprint, a missing usage and a stray key', () => {
    const body = chatCompletion(identity, [{ content: 'x', finishReason: 'stop' }], usage);
    expect(Value.Check(ChatCompletion, { ...body, system_fingerprint: null })).toBe(false);
    const { usage: _omitted, ...withoutUsage } = body;
    expect(Value.Check(ChatCompletion, withoutUsage)).toBe(false);
    expect(Value.Check(ChatCompletion, { ...body, extra: 1 })).toBe(false);
    expect(
      Value.Check(ChatCompletion, { ...body, choices: [{ ...body.choices[0], finish_reason: null }] }),
    ).toBe(false);
  });
});

describe('chat stream chunks', () => {
  const envelope = (choices: string, usageText: string) =>
    '{"id":"chatcmpl-abcdefghijklmnopqrstuvwxyz012","object":"chat.completion.chunk","created":1700000000,' +
    `"model":"gpt-4o-mini","service_tier":"default","system_fingerprint":"fp_0123456789","choices":${choices}${usageText}}`;

  it('role chunk opens a choice with an empty content and null refusal', () => {
    expect(JSON.stringify(chatRoleChunk(identity, 0, false))).toBe(
      envelope(
        '[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]',
        '',
      ),
    );
  });

  it('content chunk carries one piece, and "usage": null only when include_usage is on', () => {
    const choices = '[{"index":2,"delta":{"content":" cat"},"logprobs":null,"finish_reason":null}]';
    expect(JSON.stringify(chatContentChunk(identity, 2, ' cat', false))).toBe(envelope(choices, ''));
    expect(JSON.stringify(chatContentChunk(identity, 2, ' cat', true))).toBe(
      envelope(choices, ',"usage":null'),
    );
  });

  it('finish chunk has an empty delta and the reason', () => {
    expect(JSON.stringify(chatFinishChunk(identity, 1, 'length', true))).toBe(
      envelope('[{"index":1,"delta":{},"logprobs":null,"finish_reason":"length"}]', ',"usage":null'),
    );
  });

  it('usage chunk has choices: [] and the full usage', () => {
    expect(JSON.stringify(chatUsageChunk(identity, usage))).toBe(
      envelope('[]', `,"usage":${JSON.stringify(usage)}`),
    );
  });

  it('every chunk of a stream validates, with and without include_usage', () => {
    for (const includeUsage of [false, true]) {
      const chunks = [
        chatRoleChunk(identity, 0, includeUsage),
        chatContentChunk(identity, 0, 'Hello', includeUsage),
        chatFinishChunk(identity, 0, 'stop', includeUsage),
        ...(includeUsage ? [chatUsageChunk(identity, usage)] : []),
      ];
      for (const chunk of chunks) {
        expect(Value.Check(ChatCompletionChunk, chunk)).toBe(true);
        expect('usage' in chunk).toBe(includeUsage);
      }
    }
  });

  it('schema rejects a chunk whose usage is neither absent, null nor complete', () => {
    const chunk = chatCompletionChunk(identity, [], undefined);
    expect(Value.Check(ChatCompletionChunk, chunk)).toBe(true);
    expect(Value.Check(ChatCompletionChunk, { ...chunk, usage: { prompt_tokens: 1 } })).toBe(false);
    expect(Value.Check(ChatCompletionChunk, { ...chunk, object: 'chat.completion' })).toBe(false);
  });
});
