// The system under test: the emulator itself or a gateway in front of it.
import exec from 'k6/execution';
import http from 'k6/http';
import { envString } from './env.ts';

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
