import { completionUsage, type GeneratedOutput } from '@tokenpace/core';
import { describe, expect, it } from 'vitest';
import { chatStream } from './chat-events.js';

const identity = {
  id: 'chatcmpl-test',
  created: 1_700_000_000,
  model: 'gpt-4o',
  systemFingerprint: 'fp_0123456789',
};
const header = {
  id: 'chatcmpl-test',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'gpt-4o',
  service_tier: 'default',
  system_fingerprint: 'fp_0123456789',
};
const twoChoices: GeneratedOutput[] = [
  { pieces: ['Alpha', ' beta'], text: 'Alpha beta', completionTokens: 2, finishReason: 'stop' },
  { pieces: ['Gamma'], text: 'Gamma', completionTokens: 1, finishReason: 'length' },
];
const usage = completionUsage({ promptTokens: 9, completionTokens: 3 });

/** The JSON of every `data:` event in `text`, `[DONE]` as the string. */
function events(text: string): unknown[] {
  expect(text.endsWith('\n\n') || text === '').toBe(true);
  return text
    .split('\n\n')
    .filter((event) => event !== '')
    .map((event) => {
      expect(event.startsWith('data: ')).toBe(true);
      const data = event.slice('data: '.length);
      return data === '[DONE]' ? data : JSON.parse(data);
    });
}

const choice = (index: number, delta: object, finishReason: string | null = null) => ({
  index,
  delta,
  logprobs: null,
  finish_reason: finishReason,
});

describe('chatStream', () => {
  it('opens every choice, streams token i of every choice at step i, finishes each after its last token', () => {
    const { opening, plan } = chatStream({
      identity,
      choices: twoChoices,
      usage,
      includeUsage: true,
      logprobs: null,
      startMs: 100,
      ttftMs: 10,
      itlMs: 5,
    });
    expect(plan.startMs).toBe(100);
    expect([...plan.offsetsMs]).toEqual([10, 15]);
    expect(events(opening)).toEqual([
      { ...header, choices: [choice(0, { role: 'assistant', content: '', refusal: null })], usage: null },
      { ...header, choices: [choice(1, { role: 'assistant', content: '', refusal: null })], usage: null },
    ]);
    expect(events(plan.renderStep(0))).toEqual([
      { ...header, choices: [choice(0, { content: 'Alpha' })], usage: null },
      { ...header, choices: [choice(1, { content: 'Gamma' })], usage: null },
      { ...header, choices: [choice(1, {}, 'length')], usage: null },
    ]);
    expect(events(plan.renderStep(1))).toEqual([
      { ...header, choices: [choice(0, { content: ' beta' })], usage: null },
      { ...header, choices: [choice(0, {}, 'stop')], usage: null },
    ]);
    expect(events(plan.renderTrailer())).toEqual([{ ...header, choices: [], usage }, '[DONE]']);
  });

  it('omits the usage key entirely without include_usage', () => {
    const { opening, plan } = chatStream({
      identity,
      choices: [twoChoices[1] as GeneratedOutput],
      usage,
      includeUsage: false,
      logprobs: null,
      startMs: 0,
      ttftMs: 200,
      itlMs: 20,
    });
    expect(events(opening + plan.renderStep(0) + plan.renderTrailer())).toEqual([
      { ...header, choices: [choice(0, { role: 'assistant', content: '', refusal: null })] },
      { ...header, choices: [choice(0, { content: 'Gamma' })] },
      { ...header, choices: [choice(0, {}, 'length')] },
      '[DONE]',
    ]);
    expect([...plan.offsetsMs]).toEqual([200]);
  });

  it('finishes a choice without content at the first step', () => {
    const empty: GeneratedOutput = { pieces: [], text: '', completionTokens: 0, finishReason: 'stop' };
    const { plan } = chatStream({
      identity,
      choices: [empty],
      usage,
      includeUsage: false,
      logprobs: null,
      startMs: 0,
      ttftMs: 30,
      itlMs: 5,
    });
    expect([...plan.offsetsMs]).toEqual([30]);
    expect(events(plan.renderStep(0))).toEqual([{ ...header, choices: [choice(0, {}, 'stop')] }]);
  });
});
