function assertCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`A token count must be a whole number, zero or more; got ${count}.`);
  }
}

/**
 * Due time of every content token, in ms from the request's arrival: token i is due at
 * ttft + i·itl. Each offset is computed by one multiplication, never by adding itl to the previous
 * offset, so no rounding error accumulates along a long stream.
 */
export function streamOffsetsMs(ttftMs: number, itlMs: number, count: number): Float64Array {
  assertCount(count);
  const offsets = new Float64Array(count);
  for (let index = 0; index < count; index++) offsets[index] = ttftMs + index * itlMs;
  return offsets;
}

/**
 * Due time of a non-streamed body: ttft + count·itl, the original emulator's documented semantics
 * (30 tokens at TTFT 200 and ITL 75 → 2450 ms). One interval more than the last streamed token,
 * as if the body waited for an end-of-text token.
 */
export function unaryDeadlineMs(ttftMs: number, itlMs: number, count: number): number {
  assertCount(count);
  return ttftMs + count * itlMs;
}
