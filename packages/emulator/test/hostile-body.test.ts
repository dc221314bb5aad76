import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, MAX_JSON_VALUES } from '../src/body/body-plugin.js';
import { buildTestApp } from './support/test-app.js';

const CHAT = { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] };
const TIMING = { 'x-ttft-ms': '0', 'x-itl-ms': '0', 'x-output-length': '3' };
const INVALID_JSON = {
  error: {
    message:
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP " +
      'library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)',
    type: 'invalid_request_error',
    param: null,
    code: null,
  },
};

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
});

function post(payload: string | Buffer, headers: Record<string, string> = {}, url = '/v1/chat/completions') {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...TIMING, ...headers },
    payload,
  });
}

describe('a body shaped to cost more than its size', () => {
  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} with the API's 400 and closes the connection`, async () => {
    const response = await post(`{"model":"gpt-4o","x":${'['.repeat(200_000)}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers.connection).toBe('close');
    expect(response.json()).toEqual({
      error: {
        message: `The JSON body of your request is nested deeper than ${MAX_JSON_DEPTH} levels.`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  it('accepts nesting at the bound', async () => {
    const deep = `${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}`;
    const response = await post(
      `{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"metadata_x":${deep}}`,
    );
    expect(response.statusCode).toBe(200);
  });

  it(`refuses more than ${MAX_JSON_VALUES} values`, async () => {
    const response = await post(`{"model":"gpt-4o","x":[${'1,'.repeat(MAX_JSON_VALUES)}1]}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        message: `The JSON body of your request has more than ${MAX_JSON_VALUES} values.`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  it("answers an Anthropic request in Anthropic's shape", async () => {
    const response = await post(
      `{"model":"claude-sonnet-4-5","x":${'{"a":'.repeat(1_000)}`,
      { 'anthropic-version': '2023-06-01' },
      '/v1/messages',
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      request_id: response.headers['request-id'],
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message: `The JSON body of your request is nested deeper than ${MAX_JSON_DEPTH} levels.`,
      },
    });
  });
});

describe('odd but valid JSON', () => {
  it('takes __proto__, constructor and prototype keys as plain fields, without touching any prototype', async () => {
    const bodies = [
      `{"__proto__":{"polluted":"yes"},${JSON.stringify(CHAT).slice(1)}`,
      `{"constructor":{"prototype":{"polluted":"yes"}},${JSON.stringify(CHAT).slice(1)}`,
      '{"model":"gpt-4o","messages":[{"role":"user","content":"x","__proto__":{"polluted":"yes"}}]}',
    ];
    for (const body of bodies) {
      const response = await post(body);
      expect(response.statusCode).toBe(200);
      expect(response.json().choices[0].message.role).toBe('assistant');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('validates a __proto__ message like any other field', async () => {
    const response = await post(
      '{"model":"gpt-4o","messages":[{"__proto__":{"role":"user"},"content":"x"}]}',
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.param).toBe('messages[0].role');
  });

  it('reads a form-encoded content type as JSON, as the API does', async () => {
    const response = await post(JSON.stringify(CHAT), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('bytes that are not JSON text', () => {
  it("answers invalid UTF-8 with the API's 400, never U+FFFD", async () => {
    const text = Buffer.from(JSON.stringify({ ...CHAT, messages: [{ role: 'user', content: 'ab' }] }));
    const broken = Buffer.concat([text.subarray(0, 45), Buffer.from([0xc3, 0x28]), text.subarray(45)]);
    for (const payload of [
      broken,
      Buffer.from([0x7b, 0xff, 0x7d]),
      Buffer.from('{"model":"\xed\xa0\x80"}', 'latin1'),
    ]) {
      const response = await post(payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual(INVALID_JSON);
    }
  });

  it('decodes a body that arrives in chunks, a character split between two, and refuses invalid UTF-8 in any chunk', async () => {
    const text = Buffer.from(
      JSON.stringify({ ...CHAT, messages: [{ role: 'user', content: 'héllo wörld' }] }),
    );
    const cut = text.indexOf(0xc3) + 1;
    const inChunks = (pieces: Buffer[]) =>
      app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...TIMING },
        payload: Readable.from(pieces),
      });
    const split = await inChunks([text.subarray(0, cut), text.subarray(cut)]);
    expect(split.statusCode).toBe(200);
    expect(split.json().usage.prompt_tokens).toBeGreaterThan(0);
    const broken = await inChunks([text.subarray(0, cut), Buffer.from([0x28]), text.subarray(cut + 1)]);
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toEqual(INVALID_JSON);
    const cutShort = await inChunks([text.subarray(0, 10), Buffer.from([0xe2, 0x82])]);
    expect(cutShort.statusCode).toBe(400);
    expect(cutShort.json()).toEqual(INVALID_JSON);
  });

  it("answers an empty body with the API's 400", async () => {
    const response = await post('');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(INVALID_JSON);
  });
});

describe('integers JSON cannot count exactly', () => {
  for (const field of ['max_tokens', 'max_completion_tokens']) {
    it(`names ${field} above 2^53−1 in the API's words`, async () => {
      const response = await post(
        `{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"${field}":99999999999999999999}`,
      );
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: {
          message: `Invalid '${field}': integer above maximum value. Expected a value <= 9007199254740991, but got 100000000000000000000 instead.`,
          type: 'invalid_request_error',
          param: field,
          code: 'integer_above_max_value',
        },
      });
    });
  }
});

describe('the body budget', () => {
  it('answers a body that would pass it with a 503 and retry headers, and frees it when the response closes', async () => {
    const small = await buildTestApp({ limits: { maxBodyBytesInFlight: 1_000, retryAfterMs: 2_500 } });
    try {
      const big = JSON.stringify({ ...CHAT, messages: [{ role: 'user', content: 'x'.repeat(2_000) }] });
      const refused = await small.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        headers: TIMING,
        payload: big,
      });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after-ms']).toBe('2500');
      expect(refused.headers['retry-after']).toBe('3');
      expect(refused.json()).toEqual({
        error: {
          message:
            'The server holds its limit of 1000 bytes of request bodies in flight (limits.maxBodyBytesInFlight, ' +
            '--max-body-bytes-in-flight). Retry after 2500 ms.',
          type: 'server_error',
          param: null,
          code: null,
        },
      });
      for (let index = 0; index < 5; index++) {
        const served = await small.inject({
          method: 'POST',
          url: '/v1/chat/completions',
          headers: TIMING,
          payload: CHAT,
        });
        expect(served.statusCode).toBe(200);
      }
      expect(small.tokenpaceBody.budget.heldBytes).toBe(0);
    } finally {
      await small.close();
    }
  });
});
