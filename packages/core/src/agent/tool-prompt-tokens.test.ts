import { describe, expect, it } from 'vitest';
import { countChatPromptTokens } from '../tokens/chat-prompt.js';
import { toolDefinitionTokens } from './tool-prompt-tokens.js';

// OpenAI cookbook, "How to count tokens with tiktoken", section on function calls: this request counts 101
// prompt tokens on gpt-4o and gpt-4o-mini, and 105 on gpt-3.5-turbo and gpt-4.
const MESSAGES = [
  { role: 'system', content: 'You are a helpful assistant that can answer to questions about the weather.' },
  { role: 'user', content: "What's the weather like in San Francisco?" },
];
const TOOLS = [
  {
    name: 'get_current_weather',
    description: 'Get the current weather in a given location',
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
        unit: {
          type: 'string',
          description: 'The unit of temperature to return',
          enum: ['celsius', 'fahrenheit'],
        },
      },
      required: ['location'],
    },
  },
];

describe('toolDefinitionTokens', () => {
  it("matches the cookbook's measured totals for both encodings", () => {
    for (const [encoding, total] of [
      ['o200k_base', 101],
      ['cl100k_base', 105],
    ] as const) {
      const messages = countChatPromptTokens(MESSAGES, encoding);
      expect(messages + toolDefinitionTokens(TOOLS, encoding)).toBe(total);
    }
  });

  it('adds nothing without tools and counts a tool without parameters', () => {
    expect(toolDefinitionTokens([], 'o200k_base')).toBe(0);
    expect(toolDefinitionTokens([{ name: 'ping' }], 'o200k_base')).toBe(7 + 2 + 12);
  });
});
