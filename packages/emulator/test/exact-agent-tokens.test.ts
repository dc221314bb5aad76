import { countTextTokens } from '@tokenpace/core';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sseData } from './support/sse.js';
import { buildTestApp } from './support/test-app.js';

// Exact tokens for every agent-era output, property-tested: for any output length and seed, the stream sends
// one delta per token, usage reports that count, the tokenizer counts the same, and it is the length asked for
// (lengths start above the tokens of these schemas' smallest documents).

const SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    size: { type: 'integer' },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['name', 'size', 'tags'],
  additionalProperties: false,
};
/** More tokens than the smallest valid document of SCHEMA (and of the tool's arguments, per call) needs. */
const MIN_LENGTH = 24;

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
});

type Mode = 'responses-text' | 'responses-json' | 'responses-tools' | 'chat-json' | 'chat-tools';

function payload(mode: Mode, seed: number): { url: string; body: Record<string, unknown> } {
  const tools = [{ type: 'function', name: 'f', parameters: SCHEMA }];
  switch (mode) {
    case 'responses-text':
      return { url: '/v1/responses', body: { model: 'gpt-4o', input: 'Hi', stream: true, seed } };
    case 'responses-json':
      return {
        url: '/v1/responses',
        body: {
          model: 'gpt-4o',
          input: 'Hi',
          stream: true,
          seed,
          text: { format: { type: 'json_schema', name: 's', schema: SCHEMA } },
        },
      };
    case 'responses-tools':
      return { url: '/v1/responses', body: { model: 'gpt-4o', input: 'Hi', stream: true, seed, tools } };
    case 'chat-json':
      return {
        url: '/v1/chat/completions',
        body: {
          model: 'gpt-4o',
          messages: [{ role: 'user', content: 'Hi' }],
          stream: true,
          stream_options: { include_usage: true },
          seed,
          response_format: { type: 'json_schema', json_schema: { name: 's', schema: SCHEMA } },
        },
      };
    case 'chat-tools':
      return {
        url: '/v1/chat/completions',
        body: {
          model: 'gpt-4o',
          messages: [{ role: 'user', content: 'Hi' }],
          stream: true,
          stream_options: { include_usage: true },
          seed,
          tools: [{ type: 'function', function: { name: 'f', parameters: SCHEMA } }],
        },
      };
  }
}

interface Streamed {
  /** The token deltas' texts, per output item (one item for text and JSON, one per tool call). */
  items: string[][];
  usage: number;
}

function addPiece(items: string[][], index: number, piece: string): void {
  const pieces = items[index] ?? [];
  pieces.push(piece);
  items[index] = pieces;
}

function responsesStream(body: string): Streamed {
  const events = body
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => JSON.parse(frame.split('\n')[1]?.slice('data: '.length) ?? 'null'));
  const items: string[][] = [];
  for (const event of events) {
    if (
      event.type === 'response.output_text.delta' ||
      event.type === 'response.function_call_arguments.delta'
    ) {
      addPiece(items, event.output_index, event.delta);
    }
  }
  return { items, usage: events.at(-1).response.usage.output_tokens };
}

function chatStream(body: string): Streamed {
  const chunks = sseData(body).slice(0, -1) as {
    choices: {
      delta: { content?: string | null; tool_calls?: { index: number; function?: { arguments?: string } }[] };
    }[];
    usage?: { completion_tokens: number } | null;
  }[];
  const items: string[][] = [];
  for (const chunk of chunks) {
    const delta = chunk.choices[0]?.delta;
    if (typeof delta?.content === 'string' && delta.content !== '') addPiece(items, 0, delta.content);
    for (const call of delta?.tool_calls ?? []) {
      const fragment = call.function?.arguments;
      if (fragment !== undefined && fragment !== '') addPiece(items, call.index, fragment);
    }
  }
  return { items, usage: chunks.at(-1)?.usage?.completion_tokens ?? -1 };
}

describe('exact output tokens of agent-era answers', () => {
  it('one delta per token, as usage and the tokenizer count, and as many as asked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Mode>(
          'responses-text',
          'responses-json',
          'responses-tools',
          'chat-json',
          'chat-tools',
        ),
        fc.integer({ min: MIN_LENGTH, max: 160 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        async (mode, outputLength, seed) => {
          const { url, body } = payload(mode, seed);
          const response = await app.inject({
            method: 'POST',
            url,
            payload: body,
            headers: { 'x-ttft-ms': '0', 'x-itl-ms': '0', 'x-output-length': String(outputLength) },
          });
          const streamed = mode.startsWith('responses')
            ? responsesStream(response.body)
            : chatStream(response.body);
          const deltas = streamed.items.reduce((sum, pieces) => sum + pieces.length, 0);
          const counted = streamed.items.reduce(
            (sum, pieces) => sum + countTextTokens(pieces.join(''), 'o200k_base'),
            0,
          );
          expect([deltas, counted, streamed.usage]).toEqual([outputLength, outputLength, outputLength]);
          if (mode !== 'responses-text') {
            for (const pieces of streamed.items) expect(typeof JSON.parse(pieces.join(''))).toBe('object');
          }
        },
      ),
      { numRuns: 60, seed: 20261203 },
    );
  }, 60_000);
});
