import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createConfig } from '../src/config/load-config.js';
import { buildTestApp } from './support/test-app.js';

const KEY = 'sk-tokenpace-test-0123456789abcdef';
const OTHER_KEY = 'sk-second-key';
const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi.' }] };
const MISSING_KEY = {
  error: {
    message:
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth " +
      "(i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the " +
      'API from your browser and are prompted for a username and password. You can obtain an API key from ' +
      'https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    param: null,
    code: null,
  },
};

let open: FastifyInstance;
let secured: FastifyInstance;
let browser: FastifyInstance;
beforeAll(async () => {
  [open, secured, browser] = await Promise.all([
    buildTestApp(),
    buildTestApp({ auth: { keys: [KEY, OTHER_KEY] } }),
    buildTestApp({
      auth: { keys: [KEY] },
      cors: { origins: ['https://app.example.com', 'http://localhost:5173'] },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([open.close(), secured.close(), browser.close()]);
});

function chat(
  target: FastifyInstance,
  headers: Record<string, string>,
  payload: Record<string, unknown> = {},
) {
  return target.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    payload: { ...CHAT, ...payload },
    headers,
  });
}

describe('auth', () => {
  it('is off by default: any key or none works', async () => {
    expect((await chat(open, {})).statusCode).toBe(200);
    expect((await chat(open, { authorization: 'Bearer anything' })).statusCode).toBe(200);
  });

  it("answers a missing key with the API's 401, code null", async () => {
    for (const authorization of [undefined, '', 'Bearer', 'Bearer   ', 'Basic dXNlcjpwYXNz']) {
      const response = await chat(secured, authorization === undefined ? {} : { authorization });
      expect([authorization, response.statusCode, response.json()]).toEqual([
        authorization,
        401,
        MISSING_KEY,
      ]);
    }
  });

  it('answers a wrong key with invalid_api_key, quoting it masked', async () => {
    const wrong = 'sk-proj-WRONGkey0000000000wxyz';
    const response = await chat(secured, { authorization: `Bearer ${wrong}` });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      error: {
        message:
          `Incorrect API key provided: sk-proj-${'*'.repeat(wrong.length - 12)}wxyz. You can find your API key at ` +
          'https://platform.openai.com/account/api-keys.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
    for (const near of [KEY.slice(0, -1), `${KEY}0`, KEY.toUpperCase(), ` ${KEY}x`]) {
      expect((await chat(secured, { authorization: `Bearer ${near}` })).statusCode).toBe(401);
    }
  });

  it('accepts every configured key, as Bearer (any case) or api-key, on every API route', async () => {
    expect((await chat(secured, { authorization: `Bearer ${KEY}` })).statusCode).toBe(200);
    expect((await chat(secured, { authorization: `bearer ${OTHER_KEY}` })).statusCode).toBe(200);
    expect((await chat(secured, { 'api-key': KEY })).statusCode).toBe(200);
    const models = await secured.inject({ method: 'GET', url: '/v1/models' });
    expect(models.statusCode).toBe(401);
    const allowed = await secured.inject({
      method: 'GET',
      url: '/v1/models',
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(allowed.statusCode).toBe(200);
  });

  it('leaves /health and /stats open for probes', async () => {
    expect((await secured.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await secured.inject({ method: 'GET', url: '/stats' })).statusCode).toBe(200);
  });

  it('never writes a key to the log, right or wrong', async () => {
    const lines: string[] = [];
    const logged = await buildApp(
      createConfig({
        logLevel: 'trace',
        auth: { keys: [KEY] },
        timing: { ttft: 0, itl: 0, outputLength: 2 },
      }),
      { logDestination: { write: (line) => lines.push(line) } },
    );
    const wrong = 'sk-wrong-key-that-must-not-be-logged';
    await chat(logged, { authorization: `Bearer ${KEY}` });
    await chat(logged, { authorization: `Bearer ${wrong}` });
    await chat(logged, { 'api-key': wrong });
    await chat(logged, { authorization: `Bearer ${KEY}`, 'x-error': '500' });
    await logged.close();
    expect(lines.filter((line) => line.includes('"msg":"request"'))).toHaveLength(4);
    const text = lines.join('\n');
    expect(text.includes(KEY)).toBe(false);
    expect(text.includes(wrong)).toBe(false);
    expect(text.includes(wrong.slice(-4))).toBe(false);
  });
});

describe('CORS', () => {
  it('is off by default: no CORS headers, and OPTIONS is not a route', async () => {
    const response = await chat(open, { origin: 'https://app.example.com' });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await open.inject({
      method: 'OPTIONS',
      url: '/v1/chat/completions',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(405);
  });

  it("answers an allowed origin's preflight with 204 before authentication", async () => {
    const preflight = await browser.inject({
      method: 'OPTIONS',
      url: '/v1/chat/completions',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-ttft-ms',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.body).toBe('');
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type, x-ttft-ms',
      'access-control-max-age': '600',
      vary: 'Origin',
    });
  });

  it('lets an allowed origin read responses and their headers, streams and errors included', async () => {
    for (const [headers, status] of [
      [{ authorization: `Bearer ${KEY}` }, 200],
      [{}, 401],
    ] as const) {
      for (const stream of [false, true]) {
        const response = await chat(browser, { ...headers, origin: 'http://localhost:5173' }, { stream });
        expect([response.statusCode, response.headers['access-control-allow-origin']]).toEqual([
          status,
          'http://localhost:5173',
        ]);
        expect(String(response.headers['access-control-expose-headers']).split(', ')).toEqual(
          expect.arrayContaining([
            'x-request-id',
            'x-ratelimit-remaining-requests',
            'retry-after',
            'x-tokenpace-ttft-ms',
          ]),
        );
      }
    }
  });

  it('says nothing to other origins, and allows any with *', async () => {
    const stranger = await chat(browser, {
      authorization: `Bearer ${KEY}`,
      origin: 'https://evil.example.com',
    });
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    const any = await buildTestApp({ cors: { origins: ['*'] } });
    const response = await chat(any, { origin: 'https://anywhere.example.org' });
    await any.close();
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers.vary).toBeUndefined();
  });
});
