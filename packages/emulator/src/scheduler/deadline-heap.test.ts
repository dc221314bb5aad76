import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadlineHeap, type HeapEntry } from './deadline-heap.js';

describe('DeadlineHeap', () => {
  it('pops in due order after any mix of pushes and removals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 50 }),
        (dueTimes, removals) => {
          const heap = new DeadlineHeap<HeapEntry>();
          const entries = dueTimes.map((dueMs) => ({ dueMs, heapIndex: -1 }));
          for (const entry of entries) heap.push(entry);
          const removed = new Set<HeapEntry>();
          for (const pick of removals) {
            const entry = entries[pick % Math.max(1, entries.length)];
            if (entry === undefined) continue;
            expect(heap.remove(entry)).toBe(!removed.has(entry));
            removed.add(entry);
            expect(entry.heapIndex).toBe(-1);
          }
          const expected = entries
            .filter((entry) => !removed.has(entry))
            .map((entry) => entry.dueMs)
            .sort((a, b) => a - b);
          const popped: number[] = [];
          for (let entry = heap.pop(); entry !== undefined; entry = heap.pop()) popped.push(entry.dueMs);
          expect(popped).toEqual(expected);
        },
      ),
    );
  });

  it('refuses to queue an entry twice', () => {
    const heap = new DeadlineHeap<HeapEntry>();
    const entry = { dueMs: 1, heapIndex: -1 };
    heap.push(entry);
    expect(() => heap.push(entry)).toThrow('already queued');
  });
});
