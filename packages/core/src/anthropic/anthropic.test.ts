import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anthropicErrorType } from './error-body.js';
import { anthropicMessageId, anthropicToolUseId } from './ids.js';
import { anthropicModelInfo, anthropicModelPage } from './model-info.js';
import { anthropicPromptMessages, anthropicRequestView } from './prompt-messages.js';
import { contentBlockStartEvent, createDeltaEncoder, messageDeltaEvent } from './stream-events.js';

describe('Anthropic stream events', () => {
  it('name every frame after its JSON type, and quote any piece as valid JSON', () => {
    const encode = createDeltaEncoder(2, 'input_json_delta');
    fc.assert(
      fc.property(fc.string(), (piece) => {
        const frame = encode(piece);
        const [eventLine, dataLine, ...rest] = frame.split('\n');
        expect(eventLine).toBe('event: content_block_delta');
        expect(rest).toEqual(['', '']);
        expect(JSON.parse((dataLine as string).slice('data: '.length))).toEqual({
          type: 'content_block_delta',
          index: 2,
          delta: { type: 'input_json_delta', partial_json: piece },
        });
      }),
    );
  });

  it('open a tool_use block with an empty input and a text block with empty text', () => {
    expect(contentBlockStartEvent(1, { type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: 1 } })).toBe(
      'event: content_block_start\n' +
        'data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"f","input":{}}}\n\n',
    );
    expect(contentBlockStartEvent(0, { type: 'text', text: 'abc' })).toBe(
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
    );
    expect(messageDeltaEvent('max_tokens', null, 7)).toBe(
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":7}}\n\n',
    );
  });
});

describe('Anthropic ids and errors', () => {
  it('draws msg_ and toolu_ ids of 01 and 22 base58 characters', () => {
    let state = 0;
    const rng = () => {
      state = (state + 0.37) % 1;
      return state;
    };
    expect(anthropicMessageId(rng)).toMatch(/^msg_01[1-9A-HJ-NP-Za-km-z]{22}$/);
    expect(anthropicToolUseId(rng)).toMatch(/^toolu_01[1-9A-HJ-NP-Za-km-z]{22}$/);
  });

  it("maps statuses to the API's error types", () => {
    const types = [400, 401, 402, 403, 404, 405, 413, 429, 500, 502, 503, 504, 529].map(anthropicErrorType);
    expect(types).toEqual([
      'invalid_request_error',
      'authentication_error',
      'billing_error',
      'permission_error',
      'not_found_error',
      'invalid_request_error',
      'request_too_large',
      'rate_limit_error',
      'api_error',
      'api_error',
      'api_error',
      'timeout_error',
      'overloaded_error',
    ]);
  });
});

describe('anthropicModelPage', () => {
  const models = ['a', 'b', 'c', 'd', 'e'].map((id) => anthropicModelInfo(id, '2025-01-01T00:00:00Z'));
  const ids = (page: ReturnType<typeof anthropicModelPage>) => [
    page.data.map((model) => model.id),
    page.has_more,
  ];

  it('pages forward with after_id and back with before_id', () => {
    expect(ids(anthropicModelPage(models, { limit: 2, beforeId: null, afterId: null }))).toEqual([
      ['a', 'b'],
      true,
    ]);
    expect(ids(anthropicModelPage(models, { limit: 2, beforeId: null, afterId: 'b' }))).toEqual([
      ['c', 'd'],
      true,
    ]);
    expect(ids(anthropicModelPage(models, { limit: 2, beforeId: null, afterId: 'd' }))).toEqual([
      ['e'],
      false,
    ]);
    expect(ids(anthropicModelPage(models, { limit: 2, beforeId: 'd', afterId: null }))).toEqual([
      ['b', 'c'],
      true,
    ]);
    expect(ids(anthropicModelPage(models, { limit: 9, beforeId: 'c', afterId: null }))).toEqual([
      ['a', 'b'],
      false,
    ]);
    expect(anthropicModelPage([], { limit: 2, beforeId: null, afterId: null })).toEqual({
      data: [],
      has_more: false,
      first_id: null,
      last_id: null,
    });
  });

  it('visits every model once when a client follows last_id', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), (limit) => {
        const seen: string[] = [];
        let afterId: string | null = null;
        for (;;) {
          const page = anthropicModelPage(models, { limit, beforeId: null, afterId });
          seen.push(...page.data.map((model) => model.id));
          if (!page.has_more) break;
          afterId = page.last_id;
        }
        expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
      }),
    );
  });
});

describe('anthropicPromptMessages', () => {
  it('turns system, blocks, tool calls and results into chat messages', () => {
    const body = {
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Looking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '12 C' }] },
      ],
    };
    expect(anthropicPromptMessages(body)).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Looking.' },
          { type: 'text', text: 'weather{"city":"Oslo"}' },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: '12 C' }] },
    ]);
    expect(
      anthropicRequestView('claude-x', { system: 'S', messages: [{ role: 'user', content: 'Hi' }] }),
    ).toEqual({
      model: 'claude-x',
      lastUserMessage: 'Hi',
      systemPrompt: 'S',
    });
  });
});
