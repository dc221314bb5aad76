import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { type ConfigOverrides, createConfig } from '../../src/config/load-config.js';

/** Short timings keep the suite fast: TTFT 5 ms, ITL 1 ms, 8 tokens, unless a test says otherwise. */
export const TEST_TIMING = { ttft: 5, itl: 1, outputLength: 8 } as const;

export async function buildTestApp(
  overrides: ConfigOverrides = {},
  options: { clock?: Clock } = {},
): Promise<FastifyInstance> {
  const config = createConfig({
    logLevel: 'silent',
    ...overrides,
    timing: { ...TEST_TIMING, ...overrides.timing },
  });
  return buildApp(config, options);
}
