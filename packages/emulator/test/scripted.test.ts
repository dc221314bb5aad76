import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countTextTokens } from '@tokenpace/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/config-error.js';
import { type ChatChunkLike, chatContents, sseData } from './support/sse.js';
import { buildTestApp } from './support/test-app.js';

const directory = mkdtempSync(join(tmpdir(), 'tokenpace-scripted-'));
function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

const REFUSAL = "I'm sorry, but I can't help with that.";
const PIRATE = 'Arr, ye be askin\u2019 the wrong sea dog! 🦜 ¿Qué?';
const answerFile = file('answer.txt', 'Answer from a file, read once.\n');
const echoModule = file(
  'echo.mjs',
  `export async function respond(request) {
  if (request.lastUserMessage === 'decline') return null;
  if (request.lastUserMessage === 'fail') throw new Error('rule module failed on purpose');
  if (request.lastUserMessage === 'bad') return { words: 1 };
  return { text: [request.rule, request.model, request.path, request.lastUserMessage, String(request.headers.authorization)].join('|') };
}
`,
);

const RULES = [
  { name: 'refuse', priority: 10, match: { content: '/forbidden/i' }, response: { text: REFUSAL } },
  { name: 'pirate', match: { system: 'pirate' }, response: { text: PIRATE } },
  { name: 'file', match: { model: 'gpt-4.1*' }, response: { file: answerFile } },
  {
    name: 'template',
    match: { content: '^echo ' },
    response: { template: '[{{request_id}}] {{model}} heard "{{last_user_message}}" at {{timestamp}}' },
  },
  { name: 'module', match: { model: 'custom-*' }, response: { module: echoModule } },
  {
    name: 'slow-mini',
    match: { model: '*-mini', content: 'slow' },
    timing: { ttft: 40, itl: 3, outputLength: 5 },
  },
  { name: 'flaky', match: { content: 'flaky' }, error: '503', errorRate: '1/2' },
  {
    name: 'broken',
    match: { content: 'broken' },
    response: { text: 'one two three four five' },
    faults: 'error(after=2)',
  },
];

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp({ scripted: { rules: RULES } });
});
afterAll(async () => {
  await app.close();
});

function chat(
  content: string,
  options: {
    payload?: Record<string, unknown>;
    headers?: Record<string, string>;
    system?: string;
    defaultTiming?: boolean;
  } = {},
) {
  const messages = [
    ...(options.system === undefined ? [] : [{ role: 'system', content: options.system }]),
    { role: 'user', content },
  ];
  return app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    payload: { model: 'gpt-4o-mini', messages, ...options.payload },
    headers: {
      ...(options.defaultTiming === true ? {} : { 'x-ttft-ms': '1', 'x-itl-ms': '0' }),
      ...options.headers,
    },
  });
}

/** Content events of a streamed chat, one string per event. */
function contentEvents(body: string): string[] {
  return (sseData(body) as ChatChunkLike[])
    .filter((chunk) => Array.isArray(chunk.choices) && (chunk.choices[0]?.delta.content ?? '') !== '')
    .map((chunk) => chunk.choices[0]?.delta.content as string);
}

describe('scripted rules', () => {
  it('answer with their text, one token per event, counted exactly', async () => {
    const response = await chat('Tell me something FORBIDDEN', {
      payload: { stream: true, stream_options: { include_usage: true } },
    });
    const tokens = countTextTokens(REFUSAL, 'o200k_base');
    const events = contentEvents(response.body);
    expect(events.join('')).toBe(REFUSAL);
    expect(events).toHaveLength(tokens);
    const usage = (sseData(response.body).at(-2) as ChatChunkLike).usage as { completion_tokens: number };
    expect(usage.completion_tokens).toBe(tokens);
    expect(response.headers).toMatchObject({
      'x-tokenpace-rule': 'refuse',
      'x-tokenpace-output-length': String(tokens),
    });
  });

  it('keep the tokens of one character together in one event, and count them all', async () => {
    const response = await chat('Who are you?', { system: 'Talk like a pirate.', payload: { stream: true } });
    const events = contentEvents(response.body);
    expect(events.join('')).toBe(PIRATE);
    expect(events.length).toBeLessThan(countTextTokens(PIRATE, 'o200k_base'));
    const unary = await chat('Who are you?', { system: 'Talk like a pirate.' });
    expect(unary.json().choices[0].message.content).toBe(PIRATE);
    expect(unary.json().usage.completion_tokens).toBe(countTextTokens(PIRATE, 'o200k_base'));
  });

  it('take the highest priority first, then the written order', async () => {
    const response = await chat('forbidden', { system: 'pirate' });
    expect([response.headers['x-tokenpace-rule'], response.json().choices[0].message.content]).toEqual([
      'refuse',
      REFUSAL,
    ]);
    const none = await chat('hello');
    expect(none.headers['x-tokenpace-rule']).toBeUndefined();
    expect(none.json().usage.completion_tokens).toBe(8);
  });

  it('read a text file once, at start', async () => {
    writeFileSync(answerFile, 'Changed after start.');
    const response = await chat('hi', { payload: { model: 'gpt-4.1-nano' } });
    expect(response.json().choices[0].message.content).toBe('Answer from a file, read once.\n');
  });

  it('fill in templates', async () => {
    const response = await chat('echo hello there', { payload: { model: 'o3' } });
    const requestId = response.headers['x-request-id'];
    expect(response.json().choices[0].message.content).toMatch(
      new RegExp(
        `^\\[${requestId}\\] o3 heard "echo hello there" at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$`,
      ),
    );
  });

  it('cap and cut scripted text as generated text: max tokens end in length, stop sequences in stop', async () => {
    const capped = (await chat('forbidden', { payload: { max_completion_tokens: 3 } })).json();
    expect(capped.choices[0]).toMatchObject({ message: { content: "I'm sorry," }, finish_reason: 'length' });
    expect(capped.usage.completion_tokens).toBe(3);
    const stopped = (await chat('forbidden', { payload: { stop: [', but'] } })).json();
    expect(stopped.choices[0]).toMatchObject({ message: { content: "I'm sorry" }, finish_reason: 'stop' });
    const twice = (await chat('forbidden', { payload: { n: 2 } })).json();
    expect(twice.choices.map((choice: { message: { content: string } }) => choice.message.content)).toEqual([
      REFUSAL,
      REFUSAL,
    ]);
  });

  it('answer legacy completions too, matching the prompt', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/completions',
      payload: { model: 'gpt-3.5-turbo-instruct', prompt: 'forbidden words', max_tokens: 100 },
      headers: { 'x-ttft-ms': '1', 'x-itl-ms': '0' },
    });
    expect(response.json().choices[0].text).toBe(REFUSAL);
    expect(response.json().usage.completion_tokens).toBe(countTextTokens(REFUSAL, 'cl100k_base'));
  });
});

describe('rule modules', () => {
  it('compute the text from the request, without its credentials', async () => {
    const response = await chat('ping', {
      payload: { model: 'custom-model' },
      headers: { authorization: 'Bearer sk-x' },
    });
    expect(response.json().choices[0].message.content).toBe(
      'module|custom-model|/v1/chat/completions|ping|undefined',
    );
    const streamed = await chat('ping', { payload: { model: 'custom-model', stream: true } });
    const chunks = sseData(streamed.body).filter((event) => event !== '[DONE]') as ChatChunkLike[];
    expect(chatContents(chunks)[0]).toBe('module|custom-model|/v1/chat/completions|ping|undefined');
  });

  it('may decline (null): generated text then', async () => {
    const response = await chat('decline', { payload: { model: 'custom-model' } });
    expect(response.statusCode).toBe(200);
    expect(response.json().usage.completion_tokens).toBe(8);
  });

  it('that throw or return something else are a 500 in OpenAI shape', async () => {
    for (const content of ['fail', 'bad']) {
      const response = await chat(content, { payload: { model: 'custom-model' } });
      expect([response.statusCode, response.json().error.type]).toEqual([500, 'server_error']);
    }
  });

  it('that cannot be loaded, or export no respond, stop the start with a config error', async () => {
    const noRespond = file('no-respond.mjs', 'export const answer = 42;\n');
    const broken = file('broken.mjs', 'export function respond( {\n');
    const rules = [noRespond, broken].map((path, index) => ({
      name: `m${index}`,
      response: { module: path },
    }));
    const error = await buildTestApp({ scripted: { rules } }).then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe(
      `scripted rule m0: module ${noRespond} exports no respond function (export function respond(request) { return { text } })`,
    );
    expect(problems[1]).toMatch(new RegExp(`^scripted rule m1: module ${broken} cannot be loaded \\(`));
  });
});

describe('rule timing, errors and faults', () => {
  it('set timing over the defaults; request headers still win', async () => {
    const ruled = await chat('slow please', { defaultTiming: true });
    expect(ruled.headers).toMatchObject({
      'x-tokenpace-rule': 'slow-mini',
      'x-tokenpace-ttft-ms': '40',
      'x-tokenpace-itl-ms': '3',
      'x-tokenpace-output-length': '5',
    });
    expect(ruled.json().usage.completion_tokens).toBe(5);
    const overridden = await chat('slow please', { defaultTiming: true, headers: { 'x-itl-ms': '0' } });
    expect(overridden.headers).toMatchObject({ 'x-tokenpace-ttft-ms': '40', 'x-tokenpace-itl-ms': '0' });
    // Other models keep the configured defaults (TTFT 5 in tests).
    const other = await chat('slow please', { defaultTiming: true, payload: { model: 'gpt-4o' } });
    expect(other.headers['x-tokenpace-ttft-ms']).toBe('5');
  });

  it('inject their error on their share of matched requests, exactly', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) statuses.push((await chat('flaky?')).statusCode);
    expect(statuses).toEqual([200, 503, 200, 503, 200, 503]);
  });

  it('apply their faults to their text', async () => {
    const response = await chat('broken', { payload: { stream: true } });
    expect(contentEvents(response.body)).toEqual(['one', ' two']);
    expect(sseData(response.body).at(-1)).toMatchObject({ error: { type: 'server_error' } });
  });
});

describe('a rules file', () => {
  it('holds a list of rules (or { rules }), with paths relative to itself', async () => {
    const rulesDirectory = mkdtempSync(join(tmpdir(), 'tokenpace-rules-'));
    writeFileSync(join(rulesDirectory, 'hello.txt'), 'Hello from beside the rules file.');
    writeFileSync(
      join(rulesDirectory, 'rules.yaml'),
      ['rules:', '  - match: { content: hello }', '    response: { file: ./hello.txt }', ''].join('\n'),
    );
    const fromFile = await buildTestApp({ scripted: { rulesFile: join(rulesDirectory, 'rules.yaml') } });
    const response = await fromFile.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] },
    });
    await fromFile.close();
    expect(response.json().choices[0].message.content).toBe('Hello from beside the rules file.');
    expect(response.headers['x-tokenpace-rule']).toBe('rule-1');
  });
});
