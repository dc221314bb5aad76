// The system under test: the emulator itself or a gateway in front of it.
import exec from 'k6/execution';
import http from 'k6/http';
import { envString } from './env.ts';
import { timingHeaders } from './timing.ts';

export interface Target {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  model: string;
  /** Headers every request carries (authorization when API_KEY is set). */
  headers: Record<string, string>;
  healthPath: string;
}

export function targetFromEnv(): Target {
  const apiKey = envString('API_KEY', '');
  return {
    baseUrl: envString('BASE_URL', 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    model: envString('MODEL', 'gpt-4o-mini'),
    headers: apiKey === '' ? {} : { authorization: `Bearer ${apiKey}` },
    healthPath: envString('HEALTH_PATH', '/health'),
  };
}

/** For `setup()`: abort the whole test at once when the target does not answer, instead of measuring errors. */
export function requireTarget(target: Target): void {
  const url = `${target.baseUrl}${target.healthPath}`;
  const response = http.get(url, { headers: target.headers, timeout: '5s', tags: { name: 'setup' } });
  if (response.status !== 200) {
    const reason = response.error === '' ? `HTTP ${response.status}` : response.error;
    exec.test.abort(`The target is not ready: GET ${url} → ${reason}. Start the emulator or set BASE_URL.`);
  }
}

/** One unmeasured request of a warm-up: the path and the body to POST. */
export interface WarmUpRequest {
  path: string;
  body: Record<string, unknown>;
}

/** The emulator's hot paths: chat streamed and not, and the legacy completion, with no latency to wait for. */
export function warmUpRequests(model: string): WarmUpRequest[] {
  const messages = [{ role: 'user', content: 'Warm-up.' }];
  return [
    { path: '/v1/chat/completions', body: { model, messages, stream: true } },
    { path: '/v1/chat/completions', body: { model, messages, stream: false } },
    { path: '/v1/completions', body: { model, prompt: 'Warm-up.', stream: true } },
    { path: '/v1/completions', body: { model, prompt: 'Warm-up.', stream: false } },
  ];
}

/**
 * For `setup()`: sends every request of `requests` `rounds` times with k6/http before the measured
 * iterations, so code the system under test runs for the first time (a fresh emulator compiles its request
 * path on first use, about 25 ms) and its connection pools are not timed as latency. Its samples are
 * k6/http's (`http_req_*`, tag name=warm-up), never tokenpace_*. A failure is logged, not fatal: the measured
 * requests report errors themselves. WARMUP_ROUNDS=0 turns it off.
 */
export function warmUp(target: Target, requests: readonly WarmUpRequest[], rounds: number): void {
  const headers = {
    ...target.headers,
    'content-type': 'application/json',
    ...timingHeaders({ ttftMs: 0, itlMs: 0, outputLength: 4 }),
  };
  for (let round = 0; round < rounds; round++) {
    for (const { path, body } of requests) {
      const url = `${target.baseUrl}${path}`;
      const response = http.post(url, JSON.stringify(body), {
        headers,
        timeout: '10s',
        tags: { name: 'warm-up' },
      });
      if (response.status !== 200 && round === 0) {
        const reason = response.error === '' ? `HTTP ${response.status}` : response.error;
        console.warn(`warm-up: POST ${url} → ${reason}`);
      }
    }
  }
}
