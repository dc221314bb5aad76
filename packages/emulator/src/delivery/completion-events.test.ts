import { type GeneratedOutput, textCompletionUsage } from '@tokenpace/core';
import { describe, expect, it } from 'vitest';
import { completionStream } from './completion-events.js';

const identity = { id: 'cmpl-test', created: 1_700_000_000, model: 'gpt-3.5-turbo-instruct' };
const header = {
  id: 'cmpl-test',
  object: 'text_completion',
  created: 1_700_000_000,
  model: 'gpt-3.5-turbo-instruct',
};

function events(text: string): unknown[] {
  return text
    .split('\n\n')
    .filter((event) => event !== '')
    .map((event) => {
      const data = event.slice('data: '.length);
      return data === '[DONE]' ? data : JSON.parse(data);
    });
}

const choice = (index: number, text: string, finishReason: string | null) => ({
  text,
  index,
  logprobs: null,
  finish_reason: finishReason,
});

describe('completionStream', () => {
  it('sends finish_reason null until the last event of each choice, which carries it', () => {
    const choices: GeneratedOutput[] = [
      {
        pieces: ['One', ' two', ' three'],
        text: 'One two three',
        completionTokens: 3,
        finishReason: 'length',
      },
      { pieces: ['Four'], text: 'Four', completionTokens: 1, finishReason: 'stop' },
    ];
    const plan = completionStream({
      identity,
      choices,
      usage: textCompletionUsage({ promptTokens: 5, completionTokens: 4 }),
      includeUsage: true,
      logprobs: null,
      startMs: 0,
      ttftMs: 100,
      itlMs: 25,
    });
    expect([...plan.offsetsMs]).toEqual([100, 125, 150]);
    const all = [0, 1, 2].map((step) => events(plan.renderStep(step)));
    expect(all).toEqual([
      [
        { ...header, choices: [choice(0, 'One', null)], usage: null },
        { ...header, choices: [choice(1, 'Four', 'stop')], usage: null },
      ],
      [{ ...header, choices: [choice(0, ' two', null)], usage: null }],
      [{ ...header, choices: [choice(0, ' three', 'length')], usage: null }],
    ]);
    expect(events(plan.renderTrailer())).toEqual([
      { ...header, choices: [], usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 } },
      '[DONE]',
    ]);
  });

  it('sends one empty event with the finish reason for a choice without content, and no usage key by default', () => {
    const plan = completionStream({
      identity,
      choices: [{ pieces: [], text: '', completionTokens: 0, finishReason: 'stop' }],
      usage: textCompletionUsage({ promptTokens: 1, completionTokens: 0 }),
      includeUsage: false,
      logprobs: null,
      startMs: 0,
      ttftMs: 5,
      itlMs: 1,
    });
    expect(events(plan.renderStep(0) + plan.renderTrailer())).toEqual([
      { ...header, choices: [choice(0, '', 'stop')] },
      '[DONE]',
    ]);
  });
});
