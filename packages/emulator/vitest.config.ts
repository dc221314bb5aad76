import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Two cores are shared: a couple of workers keep the suite fast without starving the timing tests.
    maxWorkers: 2,
    // Files share a worker's modules, so the tokenizer ranks (about a second to load) load once per worker.
    isolate: false,
    testTimeout: 10_000,
  },
});
