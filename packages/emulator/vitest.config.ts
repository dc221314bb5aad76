import { defineConfig } from 'vitest/config';

/** Tests that start real emulator processes (`*.process.test.ts`): each start costs a second of CPU or more. */
const PROCESS_TESTS = 'test/**/*.process.test.ts';
/**
 * Tests that bound wall-clock time (timing on a real socket, a stall's delay, retry waits, how long a count holds
 * the event loop): another file's CPU in the next worker would show up in their measurements, so they run alone.
 */
const TIMING_TESTS = [
  'test/timing.test.ts',
  'test/delivery-faults.test.ts',
  'test/openai-sdk-faults.test.ts',
  'src/generation/prompt-counter.test.ts',
];

export default defineConfig({
  test: {
    // Two cores are shared: a couple of workers keep the suite fast without starving the timing tests.
    maxWorkers: 2,
    // Files share a worker's modules, so the tokenizer ranks (about a second to load) load once per worker.
    isolate: false,
    testTimeout: 10_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'in-process',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [PROCESS_TESTS, ...TIMING_TESTS],
        },
      },
      {
        // After the in-process files, alone: another file's CPU in the next worker would show up as lateness.
        extends: true,
        test: {
          name: 'timing',
          include: TIMING_TESTS,
          sequence: { groupOrder: 1 },
          fileParallelism: false,
        },
      },
      {
        // After the rest, one file at a time: starting processes next to the timing tests would starve them.
        extends: true,
        test: {
          name: 'processes',
          include: [PROCESS_TESTS],
          sequence: { groupOrder: 2 },
          fileParallelism: false,
          testTimeout: 30_000,
        },
      },
    ],
  },
});
