// Deterministic weighted choice: the i-th iteration of a test always does the same thing, so two runs of a
// scenario send the same mix in the same order (k6 has no seeded Math.random).

export interface Weighted<T> {
  weight: number;
  value: T;
}

export function weightedCycle<T>(entries: readonly Weighted<T>[]): (iteration: number) => T {
  const slots: T[] = [];
  for (const entry of entries) {
    for (let i = 0; i < entry.weight; i += 1) slots.push(entry.value);
  }
  if (slots.length === 0) throw new Error('weightedCycle needs at least one entry with a positive weight');
  // Interleave by a stride coprime with the slot count so equal weights do not come in runs.
  const stride = coprimeStride(slots.length);
  return (iteration) => slots[(iteration * stride) % slots.length] as T;
}

function coprimeStride(length: number): number {
  for (let stride = Math.max(1, Math.floor(length * 0.618)); stride > 1; stride -= 1) {
    if (greatestCommonDivisor(stride, length) === 1) return stride;
  }
  return 1;
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}
