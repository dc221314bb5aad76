// Drives k6/x/tokenpace inside a real k6 binary against the SSE server of e2e_test.go (BASE_URL).
// Thresholds make k6 exit non-zero when a check fails or a request errors.
import { check } from 'k6';
import { request } from 'k6/x/tokenpace';

const BASE_URL = __ENV.BASE_URL;

export const options = {
  scenarios: {
    chat_stream: { executor: 'shared-iterations', vus: 2, iterations: 6, exec: 'chatStream', maxDuration: '30s' },
    completion_stream: { executor: 'shared-iterations', vus: 1, iterations: 2, exec: 'completionStream', maxDuration: '30s' },
    rechunked: { executor: 'shared-iterations', vus: 1, iterations: 2, exec: 'rechunked', maxDuration: '30s' },
    unary: { executor: 'shared-iterations', vus: 1, iterations: 2, exec: 'unary', maxDuration: '30s' },
  },
  thresholds: {
    checks: ['rate==1'],
    tokenpace_stream_errors: ['rate==0'],
    tokenpace_token_mismatch: ['rate==0'],
    tokenpace_ttft_delta: ['min>=0'],
  },
};

const timing = { 'x-ttft-ms': '40', 'x-itl-ms': '15', 'x-output-length': '8' };

export function chatStream() {
  const result = request({
    url: `${BASE_URL}/v1/chat/completions`,
    body: { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] },
    headers: timing,
    tags: { gateway: 'direct' },
  });
  check(result, {
    'chat stream ok': (r) => r.ok && r.status === 200 && r.error === '' && r.errorCode === '',
    'chat stream counted 8 tokens': (r) => r.outputTokens === 8 && r.usage !== null && r.usage.completion_tokens === 8,
    'chat stream has 7 gaps': (r) => Array.isArray(r.itlMs) && r.itlMs.length === 7,
    'chat stream ttft not early': (r) => r.ttftMs >= 40 && r.headersMs >= 0 && r.headersMs <= r.ttftMs && r.e2eMs >= r.ttftMs,
    'chat stream configured': (r) => r.configured.ttftMs === 40 && r.configured.itlMs === 15 && r.configured.outputLength === 8,
    'chat stream content': (r) => r.content.split(' ').length === 8 && r.finishReasons[0] === 'length',
    'result serializes': (r) => JSON.parse(JSON.stringify(r)).tokensPerChunk.length === 8,
  });
}

export function completionStream() {
  const result = request({
    url: `${BASE_URL}/v1/completions`,
    body: { model: 'gpt-3.5-turbo-instruct', stream: true, prompt: 'hi' },
    headers: { 'x-ttft-ms': '20', 'x-itl-ms': '10', 'x-output-length': '5' },
  });
  check(result, {
    'completion stream ok': (r) => r.ok && r.outputTokens === 5 && r.itlMs.length === 4 && r.usage === null,
  });
}

export function rechunked() {
  const result = request({
    url: `${BASE_URL}/v1/chat/completions`,
    body: { model: 'gpt-4o-mini', stream: true, messages: [] },
    headers: { ...timing, 'x-test-tokens-per-event': '3' },
  });
  check(result, {
    'rechunked counts every token': (r) => r.ok && r.outputTokens === 8 && r.tokensPerChunk.join(',') === '3,3,2',
    'rechunked gaps': (r) => r.itlMs.length === 7 && r.itlMs.filter((gap) => gap === 0).length === 5,
  });
}

export function unary() {
  const result = request({
    url: `${BASE_URL}/v1/chat/completions`,
    body: { model: 'gpt-4o-mini', messages: [] },
    headers: { 'x-ttft-ms': '30', 'x-itl-ms': '5', 'x-output-length': '4' },
    timeoutMs: 10000,
  });
  check(result, {
    'unary ok': (r) => r.ok && !r.streamed && r.ttftMs === -1 && r.itlMs.length === 0 && r.outputTokens === 4,
    'unary not early': (r) => r.e2eMs >= 30 + 4 * 5 && r.body.length > 0,
  });
}
