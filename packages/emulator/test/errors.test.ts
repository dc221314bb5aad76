import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/test-app.js';

let app: FastifyInstance;
let smallBodyApp: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
  smallBodyApp = await buildTestApp({ bodyLimitBytes: 64 });
});
afterAll(async () => {
  await Promise.all([app.close(), smallBodyApp.close()]);
});

const VALID_CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

function invalid(message: string, param: string | null, code: string | null) {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

async function post(url: string, payload: unknown, headers: Record<string, string> = {}, target = app) {
  const response = await target.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

describe('bad input is a 4xx in OpenAI shape, naming the field or header', () => {
  it('malformed or empty JSON', async () => {
    const expected = invalid(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP " +
        'library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)',
      null,
      null,
    );
    expect(await post('/v1/chat/completions', '{"model": ')).toMatchObject({ status: 400, body: expected });
    expect(await post('/v1/chat/completions', '')).toMatchObject({ status: 400, body: expected });
    // A __proto__ key is JSON like any other (the API parses it), so the body is validated as usual.
    expect(await post('/v1/completions', '{"__proto__": {"x": 1}}')).toMatchObject({
      status: 400,
      body: invalid("Missing required parameter: 'model'.", 'model', 'missing_required_parameter'),
    });
  });

  it('a body that is not an object', async () => {
    expect(await post('/v1/chat/completions', [1, 2])).toMatchObject({
      status: 400,
      body: invalid(
        'The request body must be a JSON object, but got an array instead.',
        null,
        'invalid_type',
      ),
    });
  });

  it('missing required parameters', async () => {
    expect(await post('/v1/chat/completions', { messages: VALID_CHAT.messages })).toMatchObject({
      status: 400,
      body: invalid("Missing required parameter: 'model'.", 'model', 'missing_required_parameter'),
    });
    expect(await post('/v1/chat/completions', { model: 'gpt-4o' })).toMatchObject({
      status: 400,
      body: invalid("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter'),
    });
    expect(
      await post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ content: 'hi' }] }),
    ).toMatchObject({
      status: 400,
      body: invalid(
        "Missing required parameter: 'messages[0].role'.",
        'messages[0].role',
        'missing_required_parameter',
      ),
    });
    expect(await post('/v1/embeddings', { model: 'text-embedding-3-small' })).toMatchObject({
      status: 400,
      body: invalid("Missing required parameter: 'input'.", 'input', 'missing_required_parameter'),
    });
  });

  it('wrong types', async () => {
    expect(await post('/v1/chat/completions', { ...VALID_CHAT, model: 4 })).toMatchObject({
      status: 400,
      body: invalid(
        "Invalid type for 'model': expected a string, but got an integer instead.",
        'model',
        'invalid_type',
      ),
    });
    expect(
      await post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 5 }] }),
    ).toMatchObject({
      status: 400,
      body: invalid(
        "Invalid type for 'messages[0].content': expected one of a string or an array, but got an integer instead.",
        'messages[0].content',
        'invalid_type',
      ),
    });
    expect(
      await post('/v1/chat/completions', {
        model: 'gpt-4o',
        messages: [{ role: 'user', content: [{ type: 'text', text: 1.5 }] }],
      }),
    ).toMatchObject({
      status: 400,
      body: invalid(
        "Invalid type for 'messages[0].content[0].text': expected a string, but got a decimal instead.",
        'messages[0].content[0].text',
        'invalid_type',
      ),
    });
    expect(await post('/v1/chat/completions', { ...VALID_CHAT, stream: 'yes' })).toMatchObject({
      status: 400,
      body: invalid(
        "Invalid type for 'stream': expected a boolean, but got a string instead.",
        'stream',
        'invalid_type',
      ),
    });
    expect(await post('/v1/completions', { model: 'm', prompt: { text: 'hi' } })).toMatchObject({
      status: 400,
      body: invalid(
        "Invalid type for 'prompt': expected one of a string or an array, but got an object instead.",
        'prompt',
        'invalid_type',
      ),
    });
  });

  it('values out of range or not allowed', async () => {
    expect(await post('/v1/chat/completions', { ...VALID_CHAT, n: 0 })).toMatchObject({
      status: 400,
      body: invalid(
        "Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 instead.",
        'n',
        'integer_below_min_value',
      ),
    });
    expect(await post('/v1/chat/completions', { ...VALID_CHAT, n: 129 })).toMatchObject({
      status: 400,
      body: invalid(
        "Invalid 'n': integer above maximum value. Expected a value <= 128, but got 129 instead.",
        'n',
        'integer_above_max_value',
      ),
    });
    expect(
      await post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'robot', content: 'hi' }] }),
    ).toMatchObject({
      status: 400,
      body: invalid(
        "Invalid value: 'robot'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool', and 'function'.",
        'messages[0].role',
        'invalid_value',
      ),
    });
    expect(
      await post('/v1/chat/completions', { ...VALID_CHAT, stop: ['a', 'b', 'c', 'd', 'e'] }),
    ).toMatchObject({
      status: 400,
      body: invalid(
        "Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length 5 instead.",
        'stop',
        'array_above_max_length',
      ),
    });
    expect(await post('/v1/chat/completions', { model: 'gpt-4o', messages: [] })).toMatchObject({
      status: 400,
      body: invalid(
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        'messages',
        'empty_array',
      ),
    });
    expect(
      await post('/v1/embeddings', { model: 'text-embedding-3-small', input: 'x', encoding_format: 'hex' }),
    ).toMatchObject({
      status: 400,
      body: invalid(
        "Invalid value: 'hex'. Supported values are: 'float' and 'base64'.",
        'encoding_format',
        'invalid_value',
      ),
    });
  });

  it('invalid or out-of-cap timing headers, naming the header', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [
        { 'x-ttft-ms': 'soon' },
        'X-TTFT-MS',
        "Invalid X-TTFT-MS header: 'soon' is not a number of milliseconds",
      ],
      [{ 'x-itl-ms': '-1' }, 'X-ITL-MS', "Invalid X-ITL-MS header: '-1' is negative"],
      [
        { 'x-ttft-ms': '600001' },
        'X-TTFT-MS',
        "Invalid X-TTFT-MS header: '600001' is above the cap of 600000 ms.",
      ],
      [{ 'x-output-length': '0' }, 'X-OUTPUT-LENGTH', "Invalid X-OUTPUT-LENGTH header: '0' is zero"],
      [
        { 'x-output-length': '131073' },
        'X-OUTPUT-LENGTH',
        "Invalid X-OUTPUT-LENGTH header: '131073' is above",
      ],
      [
        { 'x-itl-ms': 'lognormal(p50=10)' },
        'X-ITL-MS',
        "Invalid X-ITL-MS header: 'lognormal(p50=10)' lacks p99",
      ],
    ];
    for (const [headers, param, messageStart] of cases) {
      for (const url of ['/v1/chat/completions', '/v1/completions']) {
        const payload = url === '/v1/completions' ? { model: 'm', prompt: 'hi' } : VALID_CHAT;
        const { status, body } = await post(url, payload, headers);
        expect(status).toBe(400);
        expect(body.error).toMatchObject({
          type: 'invalid_request_error',
          param,
          code: 'invalid_timing_value',
        });
        expect(body.error.message.startsWith(messageStart)).toBe(true);
      }
    }
  });

  it('oversized bodies', async () => {
    const { status, body } = await post(
      '/v1/chat/completions',
      { ...VALID_CHAT, messages: [{ role: 'user', content: 'x'.repeat(100) }] },
      {},
      smallBodyApp,
    );
    expect(status).toBe(413);
    expect(body).toEqual(
      invalid('The request body is larger than the limit of 64 bytes.', null, 'body_too_large'),
    );
  });

  it('unknown routes and wrong methods, with the OpenAI headers', async () => {
    const notFound = await app.inject({ method: 'POST', url: '/v1/responses-nope?x=1' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toEqual(invalid('Invalid URL (POST /v1/responses-nope)', null, null));
    expect(notFound.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    const wrongMethod = await app.inject({ method: 'GET', url: '/v1/chat/completions' });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    expect(wrongMethod.json()).toEqual(
      invalid('Method GET is not allowed on /v1/chat/completions; use POST.', null, null),
    );
    const deleteModels = await app.inject({ method: 'DELETE', url: '/v1/models' });
    expect([deleteModels.statusCode, deleteModels.headers.allow]).toEqual([405, 'GET, HEAD']);
  });

  it('parses the body as JSON whatever the content type says, as curl -d sends form encoding', async () => {
    const { status } = await post('/v1/chat/completions', VALID_CHAT, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(status).toBe(200);
  });
});
