import { countChatPromptTokens, countEmbeddingInputTokens, estimateTextTokens } from '@tokenpace/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/test-app.js';

let exactApp: FastifyInstance;
let estimateApp: FastifyInstance;
beforeAll(async () => {
  exactApp = await buildTestApp();
  estimateApp = await buildTestApp({ promptTokens: 'estimate' });
});
afterAll(async () => {
  await exactApp.close();
  await estimateApp.close();
});

const LARGE_PROMPT = 'Tokens are counted off the event loop when the prompt is this long. '.repeat(400);
const TIMING = { 'x-ttft-ms': '0', 'x-itl-ms': '0', 'x-output-length': '2' };

async function usageOf(app: FastifyInstance, url: string, payload: unknown) {
  const response = await app.inject({ method: 'POST', url, headers: TIMING, payload: payload as object });
  expect(response.statusCode).toBe(200);
  return (response.json() as { usage: { prompt_tokens: number } }).usage.prompt_tokens;
}

describe('prompt tokens in responses', () => {
  it('are exact for a prompt counted off the event loop', async () => {
    const messages = [
      { role: 'system', content: LARGE_PROMPT },
      { role: 'user', content: 'Summarize.' },
    ];
    expect(LARGE_PROMPT.length).toBeGreaterThan(8_192);
    expect(await usageOf(exactApp, '/v1/chat/completions', { model: 'gpt-4o', messages })).toBe(
      countChatPromptTokens(messages, 'o200k_base'),
    );
    expect(
      await usageOf(exactApp, '/v1/embeddings', {
        model: 'text-embedding-3-small',
        input: [LARGE_PROMPT, 'x'],
      }),
    ).toBe(countEmbeddingInputTokens([LARGE_PROMPT, 'x'], 'cl100k_base'));
  });

  it('are estimated from UTF-8 length with --prompt-tokens estimate', async () => {
    const messages = [{ role: 'user', content: LARGE_PROMPT }];
    const estimated = await usageOf(estimateApp, '/v1/chat/completions', { model: 'gpt-4o', messages });
    expect(estimated).toBe(countChatPromptTokens(messages, 'o200k_base', estimateTextTokens));
    const exactCount = countChatPromptTokens(messages, 'o200k_base');
    expect(Math.abs(estimated - exactCount) / exactCount).toBeLessThan(0.15);
  });
});
