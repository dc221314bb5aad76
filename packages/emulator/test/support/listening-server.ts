import { type ConfigOverrides, createConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { TEST_TIMING } from './test-app.js';

/** A real server on 127.0.0.1 and an ephemeral port, with short test timings unless overridden. */
export function startTestServer(
  overrides: ConfigOverrides = {},
  logDestination?: { write(line: string): void },
  shutdownGraceMs = 1_000,
): Promise<RunningServer> {
  return startServer(
    createConfig({
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
      ...overrides,
      timing: { ...TEST_TIMING, ...overrides.timing },
    }),
    { shutdownGraceMs, ...(logDestination === undefined ? {} : { logDestination }) },
  );
}
