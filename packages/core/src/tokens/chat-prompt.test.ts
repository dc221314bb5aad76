import { describe, expect, it } from 'vitest';
import { type ChatMessageInput, countChatPromptTokens } from './chat-prompt.js';
import { countTextTokens } from './text-tokens.js';

/** The example conversation of OpenAI's cookbook "How to count tokens with tiktoken". */
const COOKBOOK_MESSAGES: readonly ChatMessageInput[] = [
  {
    role: 'system',
    content:
      'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.',
  },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  {
    role: 'system',
    name: 'example_assistant',
    content: 'Things working well together will increase revenue.',
  },
  {
    role: 'system',
    name: 'example_user',
    content:
      "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: 'system',
    name: 'example_assistant',
    content: "Let's talk later when we're less busy about how to do better.",
  },
  {
    role: 'user',
    content: "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];

const PNG_2048_BY_4096 = `data:image/png;base64,${btoa(
  `\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x08\0\0\0\x10\0\x08\x06\0\0\0${'\0'.repeat(31)}`,
)}`;

describe('countChatPromptTokens', () => {
  it("reproduces the cookbook's counts: 129 with cl100k_base, 124 with o200k_base", () => {
    expect(countChatPromptTokens(COOKBOOK_MESSAGES, 'cl100k_base')).toBe(129);
    expect(countChatPromptTokens(COOKBOOK_MESSAGES, 'o200k_base')).toBe(124);
  });

  it('costs 3 for the reply priming alone, and 3 per message plus its values', () => {
    expect(countChatPromptTokens([], 'o200k_base')).toBe(3);
    // 3 + "user" (1) + "hello world" (2) + 3
    expect(countChatPromptTokens([{ role: 'user', content: 'hello world' }], 'o200k_base')).toBe(9);
    // + "example_user" (2) + 1 for the name
    expect(
      countChatPromptTokens([{ role: 'user', name: 'example_user', content: 'hello world' }], 'o200k_base'),
    ).toBe(12);
  });

  it('counts text parts like string content, and skips null or missing content', () => {
    const asParts = countChatPromptTokens(
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'tiktoken is great!' },
            { type: 'text', text: 'hello world' },
          ],
        },
      ],
      'cl100k_base',
    );
    // 3 + "user" (1) + 6 + 2 + 3
    expect(asParts).toBe(15);
    expect(countChatPromptTokens([{ role: 'assistant', content: null }], 'cl100k_base')).toBe(7);
    expect(countChatPromptTokens([{ role: 'assistant' }], 'cl100k_base')).toBe(7);
  });

  it('prices images by the tile formula and never tokenizes their data', () => {
    const hugeDataUrl = PNG_2048_BY_4096 + 'A'.repeat(4_000_000);
    const messages: ChatMessageInput[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe this image.' },
          { type: 'image_url', image_url: { url: hugeDataUrl, detail: 'high' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } },
          { type: 'image_url', image_url: { url: 'https://example.com/dog.png' } },
        ],
      },
    ];
    const started = performance.now();
    // 3 + "user" (1) + 4 + 1105 (read 2048×4096) + 85 (low) + 765 (unknown size) + 3
    expect(countChatPromptTokens(messages, 'o200k_base')).toBe(1966);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('accepts the older bare-string image_url and an unknown detail', () => {
    const messages: ChatMessageInput[] = [
      { role: 'user', content: [{ type: 'image_url', image_url: PNG_2048_BY_4096 }] },
      {
        role: 'user',
        content: [{ type: 'image_url', image_url: { url: PNG_2048_BY_4096, detail: 'ultra' } }],
      },
    ];
    expect(countChatPromptTokens(messages, 'o200k_base')).toBe(3 + 2 * (3 + 1 + 1105));
  });

  it('counts refusal parts, and nothing for audio or file parts', () => {
    const messages: ChatMessageInput[] = [
      {
        role: 'assistant',
        content: [
          { type: 'refusal', refusal: 'hello world' },
          { type: 'input_audio', input_audio: { data: 'UklGRiQAAABXQVZF', format: 'wav' } },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
        ],
      },
    ];
    // 3 + "assistant" (1) + 2 + 3
    expect(countChatPromptTokens(messages, 'o200k_base')).toBe(9);
  });

  it('counts the strings inside tool calls and tool results', () => {
    const toolCall = {
      id: 'call_abc123',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
    };
    const messages: ChatMessageInput[] = [
      { role: 'assistant', content: null, tool_calls: [toolCall] },
      { role: 'tool', tool_call_id: 'call_abc123', content: 'hello world' },
    ];
    const expected =
      3 +
      ['assistant', 'call_abc123', 'function', 'get_weather', '{"city":"Paris"}']
        .map((text) => countTextTokens(text, 'o200k_base'))
        .reduce((sum, tokens) => sum + tokens, 0) +
      3 +
      ['tool', 'call_abc123', 'hello world']
        .map((text) => countTextTokens(text, 'o200k_base'))
        .reduce((sum, tokens) => sum + tokens, 0) +
      3;
    // assistant 1, call_abc123 4, function 1, get_weather 2, {"city":"Paris"} 5; tool 1, 4, 2
    expect(expected).toBe(3 + 13 + 3 + 7 + 3);
    expect(countChatPromptTokens(messages, 'o200k_base')).toBe(expected);
  });

  it('survives a cyclic value instead of looping', () => {
    const cyclic: Record<string, unknown> = { text: 'hello world' };
    cyclic.self = cyclic;
    expect(countChatPromptTokens([{ role: 'user', metadata: cyclic }], 'o200k_base')).toBe(3 + 1 + 2 + 3);
  });
});
