import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Two cores are shared: a couple of workers keep the suite fast without starving the timing tests.
    maxWorkers: 2,
    testTimeout: 10_000,
  },
});
