/** An entry of {@link DeadlineHeap}: the heap keeps `heapIndex` current so removal is O(log n). */
export interface HeapEntry {
  /** Absolute clock time (ms) at which the entry is next due. */
  dueMs: number;
  /** Position in the heap, or -1 when the entry is not queued. */
  heapIndex: number;
}

/** Binary min-heap on `dueMs` with intrusive indices: push, pop and remove in O(log n), no allocation. */
export class DeadlineHeap<Entry extends HeapEntry> {
  readonly #entries: Entry[] = [];

  get size(): number {
    return this.#entries.length;
  }

  peek(): Entry | undefined {
    return this.#entries[0];
  }

  push(entry: Entry): void {
    if (entry.heapIndex !== -1) throw new Error('The entry is already queued.');
    entry.heapIndex = this.#entries.length;
    this.#entries.push(entry);
    this.#siftUp(entry.heapIndex);
  }

  pop(): Entry | undefined {
    const top = this.#entries[0];
    if (top !== undefined) this.#removeAt(0);
    return top;
  }

  /** Removes `entry` if queued; returns whether it was. */
  remove(entry: Entry): boolean {
    const index = entry.heapIndex;
    if (index < 0 || this.#entries[index] !== entry) return false;
    this.#removeAt(index);
    return true;
  }

  #removeAt(index: number): void {
    const entries = this.#entries;
    const removed = entries[index] as Entry;
    const last = entries.pop() as Entry;
    removed.heapIndex = -1;
    if (last === removed) return;
    entries[index] = last;
    last.heapIndex = index;
    this.#siftDown(index);
    this.#siftUp(last.heapIndex);
  }

  #siftUp(start: number): void {
    const entries = this.#entries;
    const entry = entries[start] as Entry;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = entries[parentIndex] as Entry;
      if (parent.dueMs <= entry.dueMs) break;
      entries[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    entries[index] = entry;
    entry.heapIndex = index;
  }

  #siftDown(start: number): void {
    const entries = this.#entries;
    const length = entries.length;
    const entry = entries[start] as Entry;
    let index = start;
    for (;;) {
      const leftIndex = 2 * index + 1;
      if (leftIndex >= length) break;
      const rightIndex = leftIndex + 1;
      let childIndex = leftIndex;
      if (rightIndex < length && (entries[rightIndex] as Entry).dueMs < (entries[leftIndex] as Entry).dueMs) {
        childIndex = rightIndex;
      }
      const child = entries[childIndex] as Entry;
      if (entry.dueMs <= child.dueMs) break;
      entries[index] = child;
      child.heapIndex = index;
      index = childIndex;
    }
    entries[index] = entry;
    entry.heapIndex = index;
  }
}
