import { describe, expect, it } from 'vitest';
import { createConfig } from '../src/config/load-config.js';
import { startServer } from '../src/server.js';
import { buildTestApp } from './support/test-app.js';

describe('secure defaults', () => {
  it('listens on the loopback interface unless told otherwise', async () => {
    const config = createConfig({ port: 0, logLevel: 'silent' });
    expect(config.host).toBe('127.0.0.1');
    const server = await startServer(config);
    try {
      expect(server.app.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    } finally {
      await server.close();
    }
  });

  it('answers an unexpected failure with the generic OpenAI 500: no message, no stack, no file names', async () => {
    const logLines: Record<string, unknown>[] = [];
    const app = await buildTestApp();
    app.get('/v1/boom', async () => {
      throw new Error('secret detail at /srv/internal/path.ts:42');
    });
    app.addHook('onError', async (_request, _reply, error) => {
      logLines.push({ message: error.message });
    });
    try {
      const response = await app.inject({ method: 'GET', url: '/v1/boom' });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        error: {
          message: 'The server had an error while processing your request. Sorry about that!',
          type: 'server_error',
          param: null,
          code: null,
        },
      });
      expect(response.body).not.toMatch(/secret|\/srv\/|\.ts:|at /);
      // The detail stays on the server side, for its log.
      expect(logLines).toEqual([{ message: 'secret detail at /srv/internal/path.ts:42' }]);
    } finally {
      await app.close();
    }
  });
});
