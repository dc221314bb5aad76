import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { ConfigError } from '../src/config/config-error.js';
import { loadConfig } from '../src/config/load-config.js';
import { buildTestApp } from './support/test-app.js';

// Per-model timing profiles: the timing a gateway cannot strip, selected by the model id alone.

describe('model profiles', () => {
  let app: Awaited<ReturnType<typeof buildTestApp>>;

  beforeAll(async () => {
    app = await buildTestApp({
      modelProfiles: {
        'profile-slow': { ttft: 12, itl: 2, outputLength: 5 },
        'profile-broken-*': { error: 503 },
      },
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const chat = (model: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { model, messages: [{ role: 'user', content: 'Hi' }] },
      headers,
    });

  it('times a request by its model when no timing header arrives', async () => {
    const response = await chat('profile-slow');
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-tokenpace-ttft-ms']).toBe('12');
    expect(response.headers['x-tokenpace-itl-ms']).toBe('2');
    expect(response.json().usage.completion_tokens).toBe(5);
    expect(response.headers['x-tokenpace-rule']).toBe('model:profile-slow');
  });

  it('lets timing headers that do arrive win over the profile', async () => {
    const response = await chat('profile-slow', { 'x-ttft-ms': '3', 'x-output-length': '2' });
    expect(response.headers['x-tokenpace-ttft-ms']).toBe('3');
    expect(response.headers['x-tokenpace-itl-ms']).toBe('2');
    expect(response.json().usage.completion_tokens).toBe(2);
  });

  it('matches globs, and leaves other models at the defaults', async () => {
    expect((await chat('profile-broken-7')).statusCode).toBe(503);
    const other = await chat('gpt-4o-mini');
    expect(other.headers['x-tokenpace-ttft-ms']).toBe('5');
    expect(other.headers['x-tokenpace-rule']).toBeUndefined();
  });

  it('names the profile key of an invalid value in the config file', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tokenpace-profiles-'));
    const file = join(directory, 'config.yaml');
    writeFileSync(file, 'modelProfiles:\n  fast:\n    ttft: soon\n    faults: explode\n');
    try {
      expect(() => loadConfig({ configFile: file })).toThrow(ConfigError);
      expect(() => loadConfig({ configFile: file })).toThrow(/modelProfiles\.fast\.ttft in .*config\.yaml/);
      expect(() => loadConfig({ configFile: file })).toThrow(/modelProfiles\.fast\.faults in .*config\.yaml/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('loads the gateway recipes’ profiles: bench-fast timed by its id, bench-flaky failing a tenth', async () => {
    const file = fileURLToPath(new URL('../../../examples/gateways/emulator-profiles.yaml', import.meta.url));
    const server = await buildApp(loadConfig({ configFile: file, flags: { 'log-level': 'silent' } }));
    try {
      const fast = await server.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        payload: {
          model: 'bench-fast',
          max_completion_tokens: 3,
          messages: [{ role: 'user', content: 'Hi' }],
        },
      });
      expect(fast.headers['x-tokenpace-ttft-ms']).toBe('50');
      expect(fast.headers['x-tokenpace-itl-ms']).toBe('10');
      expect(fast.json().usage.completion_tokens).toBe(3);
      const statuses: number[] = [];
      for (let index = 0; index < 10; index++) {
        const flaky = await server.inject({
          method: 'POST',
          url: '/v1/chat/completions',
          payload: { model: 'bench-flaky', messages: [{ role: 'user', content: 'Hi' }] },
          headers: { 'x-ttft-ms': '0', 'x-itl-ms': '0', 'x-output-length': '1' },
        });
        statuses.push(flaky.statusCode);
      }
      expect(statuses.filter((status) => status === 503)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
