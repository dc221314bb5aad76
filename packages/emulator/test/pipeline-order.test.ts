import { afterAll, describe, expect, it } from 'vitest';
import { REQUEST_STAGES } from '../src/pipeline/request-pipeline.js';
import { buildTestApp } from './support/test-app.js';

// The built app's features land in the declared stages, whatever order app.ts registers them in, and a
// request meets them in that order: a rule's output length is what the rate limiter counts.

const app = await buildTestApp({
  rateLimits: { requestsPerMinute: 100, tokensPerMinute: 1_000 },
  scripted: { rules: [{ match: { content: '^long' }, timing: { outputLength: 900 } }] },
});
afterAll(async () => {
  await app.close();
});

describe('the request pipeline of the app', () => {
  it('has every stage, in the declared order', () => {
    expect(app.tokenpacePipeline.activeStages).toEqual([...REQUEST_STAGES]);
  });

  it('rate-limits on the output length a rule set, since rules run first', async () => {
    const ask = (content: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        payload: { model: 'gpt-4o', messages: [{ role: 'user', content }] },
        headers: { 'x-ttft-ms': '0', 'x-itl-ms': '0' },
      });
    expect((await ask('long answer please')).statusCode).toBe(200);
    // 900 of the 1,000 tokens are spent: a second long answer no longer fits.
    const refused = await ask('long again');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limit_exceeded');
  });
});
