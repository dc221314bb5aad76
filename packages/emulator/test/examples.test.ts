import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';
import { loadRuleModules } from '../src/scripted/rule-modules.js';
import { sseData } from './support/sse.js';

// The example profiles at the repository root, loaded as a user would load them, and checked to do what
// their comments say. Timing headers keep the requests quick.

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const QUICK = { 'x-ttft-ms': '0', 'x-itl-ms': '0', 'x-output-length': '50' };

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function load(profile: string): Promise<FastifyInstance> {
  const config = loadConfig({
    configFile: `${EXAMPLES}${profile}`,
    flags: { port: '0', 'log-level': 'silent' },
  });
  await loadRuleModules(config.scripted.rules);
  app = await buildApp(config);
  return app;
}

function chat(
  target: FastifyInstance,
  model: string,
  content: string,
  extra: Record<string, unknown> = {},
  headers = {},
) {
  return target.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    payload: { model, messages: [{ role: 'user', content }], ...extra },
    headers: { ...QUICK, ...headers },
  });
}

describe('example profiles', () => {
  it('are all covered here', () => {
    expect(readdirSync(EXAMPLES).filter((name) => name.endsWith('.yaml'))).toEqual([
      'profile-agent.yaml',
      'profile-gateway-failover.yaml',
      'profile-rate-limits.yaml',
      'profile-scripted.yaml',
    ]);
  });

  it('agent: tools are called by default, fanned out on "compare", never on small talk', async () => {
    const server = await load('profile-agent.yaml');
    const tools = {
      tools: [
        { type: 'function', function: { name: 'search', parameters: { type: 'object', properties: {} } } },
        { type: 'function', function: { name: 'lookup' } },
      ],
    };
    const callNames = async (content: string) =>
      ((await chat(server, 'gpt-4o', content, tools)).json().choices[0].message.tool_calls ?? []).map(
        (call: { function: { name: string } }) => call.function.name,
      );
    expect(await callNames('Find the order')).toEqual(['search']);
    expect(await callNames('Compare the two orders')).toEqual(['search', 'lookup', 'search']);
    expect(await callNames('thanks!')).toEqual([]);
    const header = (await chat(server, 'gpt-4o', 'thanks!', tools, { 'x-tool-call': 'lookup' })).json();
    expect(header.choices[0].message.tool_calls[0].function.name).toBe('lookup');
  });

  it('gateway failover: the primary fails exactly 1 in 10 with a 503, the fallback never', async () => {
    const server = await load('profile-gateway-failover.yaml');
    const primary: number[] = [];
    const fallback: number[] = [];
    for (let index = 0; index < 20; index++) {
      primary.push((await chat(server, 'gpt-4o', 'hi')).statusCode);
      fallback.push((await chat(server, 'gpt-4o-mini', 'hi')).statusCode);
    }
    expect(primary.filter((status) => status === 503)).toHaveLength(2);
    expect(primary.filter((status) => status !== 503 && status !== 200)).toEqual([]);
    expect(fallback.every((status) => status === 200)).toBe(true);
    const refused = await chat(server, 'gpt-4o', 'hi', {}, { 'x-error': '503' });
    expect(refused.headers).toMatchObject({ 'retry-after-ms': '2000', 'x-should-retry': 'false' });
    const retired = await chat(server, 'gpt-3.5-turbo', 'hi');
    expect([retired.statusCode, retired.json().error.code]).toEqual([404, 'model_not_found']);
    const limits = await chat(server, 'gpt-4o-mini', 'hi');
    expect(limits.headers['x-ratelimit-limit-requests']).toBe('3000');
  });

  it('rate limits: keys are required, and each has its own 60 requests per minute', async () => {
    const server = await load('profile-rate-limits.yaml');
    expect((await chat(server, 'gpt-4o', 'hi')).statusCode).toBe(401);
    const tenantA = { authorization: 'Bearer sk-tenant-a-0000000000000000' };
    const statuses: number[] = [];
    for (let index = 0; index < 61; index++)
      statuses.push((await chat(server, 'gpt-4o', 'hi', {}, tenantA)).statusCode);
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    const tenantB = await chat(
      server,
      'gpt-4o',
      'hi',
      {},
      { authorization: 'Bearer sk-tenant-b-0000000000000000' },
    );
    expect([tenantB.statusCode, tenantB.headers['x-ratelimit-remaining-requests']]).toEqual([200, '59']);
  });

  it('scripted: inline and file rules, text files, templates, modules and faults', async () => {
    const server = await load('profile-scripted.yaml');
    const secret = await chat(server, 'gpt-4o', 'What is my password?');
    expect(secret.json().choices[0].message.content).toBe(
      "I can't share credentials. Please reset yours from the account page.",
    );
    const refund = await chat(server, 'gpt-4o', 'How do refunds work?');
    expect(refund.json().choices[0].message.content).toMatch(
      /^Refunds are issued to the original payment method/,
    );
    const order = await chat(server, 'gpt-4o', 'Where is order #1234?');
    expect(order.json().choices[0].message.content).toBe('Order #1234 is out for delivery.');
    const greeting = await server.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: {
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'You are a support agent.' },
          { role: 'user', content: 'hello there' },
        ],
      },
      headers: QUICK,
    });
    expect(greeting.json().choices[0].message.content).toBe(
      `Hello! This is gpt-4o-mini. Your ticket is ${greeting.headers['x-request-id']}. You said: hello there`,
    );
    const outage = await chat(server, 'gpt-4o', 'Is there an outage?', { stream: true });
    expect(sseData(outage.body).at(-1)).toMatchObject({ error: { type: 'server_error' } });
    const other = await chat(server, 'gpt-4o', 'Tell me a story');
    expect([other.headers['x-tokenpace-rule'], other.json().usage.completion_tokens]).toEqual([
      undefined,
      50,
    ]);
  });
});
