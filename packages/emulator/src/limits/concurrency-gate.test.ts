import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConcurrencyGate, perWorkerLimit, scheduleDurationMs } from './concurrency-gate.js';

describe('ConcurrencyGate', () => {
  it('admits up to its limit, refuses beyond, and admits again after a release', () => {
    const gate = new ConcurrencyGate(2);
    expect([gate.tryAdmit(), gate.tryAdmit(), gate.tryAdmit()]).toEqual([true, true, false]);
    expect({ inFlight: gate.inFlight, refused: gate.refused }).toEqual({ inFlight: 2, refused: 1 });
    gate.release();
    expect(gate.tryAdmit()).toBe(true);
    expect(gate.inFlight).toBe(2);
  });

  it('admits everything with limit 0, and never counts below zero', () => {
    const gate = new ConcurrencyGate(0);
    for (let index = 0; index < 1_000; index++) expect(gate.tryAdmit()).toBe(true);
    const empty = new ConcurrencyGate(5);
    empty.release();
    expect(empty.inFlight).toBe(0);
  });
});

describe('perWorkerLimit', () => {
  it('splits a server-wide limit so that the workers together hold at least it and less than one more each', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 64 }),
        (limit, workers) => {
          const share = perWorkerLimit(limit, workers);
          expect(share * workers).toBeGreaterThanOrEqual(limit);
          expect(share * workers).toBeLessThan(limit + workers);
        },
      ),
    );
    expect(perWorkerLimit(0, 4)).toBe(0);
    expect(perWorkerLimit(10_000, 1)).toBe(10_000);
  });
});

describe('scheduleDurationMs', () => {
  it('is TTFT + N·ITL, the deadline of a non-streamed body', () => {
    expect(scheduleDurationMs({ ttftMs: 200, itlMs: 75, outputLength: 30 })).toBe(2_450);
  });
});
