import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Two cores are shared with other suites; the report's tests are CPU-bound but short.
    maxWorkers: 2,
    testTimeout: 15_000,
  },
});
