/** Why a body was refused before it was parsed. */
export type JsonShapeProblem = 'depth' | 'values';

export interface JsonShapeBounds {
  /** Deepest nesting of arrays and objects allowed. */
  maxDepth: number;
  /** Most array elements and object members allowed in the whole document (counted as commas outside strings). */
  maxValues: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

/**
 * Follows the structure of a JSON text chunk by chunk, as its bytes arrive, and reports the first bound it
 * passes: a body nested millions deep, or made of millions of tiny values, is refused after the bytes that
 * prove it, without building a string or calling `JSON.parse` (which spends seconds and hundreds of MB on
 * such a body). It checks no syntax (JSON.parse does, on bodies that pass); structural bytes are ASCII, so the
 * scan works on UTF-8 bytes, and inside strings it jumps from quote to quote with `indexOf`.
 */
export class JsonShapeScan {
  readonly #maxDepth: number;
  readonly #maxValues: number;
  #depth = 0;
  #commas = 0;
  #inString = false;
  /** The previous chunk ended inside a string on an odd run of backslashes: the next byte is escaped. */
  #escapePending = false;

  constructor(bounds: JsonShapeBounds) {
    this.#maxDepth = bounds.maxDepth;
    this.#maxValues = bounds.maxValues;
  }

  /** Scans the next chunk; returns the bound it passed, or null. */
  push(bytes: Uint8Array): JsonShapeProblem | null {
    const length = bytes.length;
    let index = 0;
    if (this.#inString && this.#escapePending && length > 0) {
      this.#escapePending = false;
      index = 1;
    }
    while (index < length) {
      if (this.#inString) {
        const quote = bytes.indexOf(QUOTE, index);
        if (quote === -1) {
          this.#escapePending = backslashesBefore(bytes, length, index) % 2 === 1;
          return null;
        }
        if (backslashesBefore(bytes, quote, index) % 2 === 0) this.#inString = false;
        index = quote + 1;
        continue;
      }
      const byte = bytes[index] as number;
      index += 1;
      if (byte === QUOTE) this.#inString = true;
      else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
        this.#depth += 1;
        if (this.#depth > this.#maxDepth) return 'depth';
      } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) this.#depth -= 1;
      else if (byte === COMMA) {
        this.#commas += 1;
        if (this.#commas >= this.#maxValues) return 'values';
      }
    }
    return null;
  }
}

/** Backslashes right before `end`, not looking before `start`. */
function backslashesBefore(bytes: Uint8Array, end: number, start: number): number {
  let count = 0;
  for (let position = end - 1; position >= start && bytes[position] === BACKSLASH; position--) count += 1;
  return count;
}
