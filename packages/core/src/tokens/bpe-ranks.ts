/**
 * Byte-pair ranks in flat typed arrays: every token's bytes in one buffer, and an open-addressing hash
 * table over them. Lookups hash a slice of the text in place, so counting never slices strings to look
 * them up. The table is built from js-tiktoken's compact rank text, or taken as it is from its binary
 * form ({@link ByteRankTable.toBinary}), which a build can write once so that a server only reads it:
 * building from the text costs 50–70 ms for o200k_base in a fresh process (the loop runs before the
 * JIT has compiled it), taking the binary form costs nothing but the read.
 */

/** Bytes as a string of one char per byte, as `atob` returns them. */
export type BinaryString = string;

const NO_RANK = -1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const PADDING = 0x3d; // '='
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Int8Array(128).fill(-1);
for (let index = 0; index < BASE64_ALPHABET.length; index++) {
  BASE64_VALUES[BASE64_ALPHABET.charCodeAt(index)] = index;
}
/** Longest token the table can hold: lengths are bytes. The longest in any tiktoken encoding is 128. */
const MAX_TOKEN_BYTES = 255;
const TWO_BYTE_PAIRS = 65_536;

/** "TPRT" and the format version, then the numbers of the header; arrays follow, 4-byte aligned. */
const BINARY_MAGIC = 0x54525054;
const BINARY_VERSION = 1;
/** Read back as another number on a machine of the other byte order, whose typed arrays would be wrong. */
const BYTE_ORDER_MARK = 0x01020304;
const HEADER_WORDS = 7;

/** Finishes FNV-1a with a multiply-xorshift, so that the low bits, which pick the slot, mix every byte. */
function finishHash(hash: number): number {
  const mixed = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b);
  return mixed ^ (mixed >>> 16);
}

/** The smallest power of two that keeps the table at most 40 % full, where linear probes stay short. */
function slotCapacity(tokenCount: number): number {
  let capacity = 1024;
  while (capacity * 0.4 < tokenCount) capacity *= 2;
  return capacity;
}

/** Number of tokens in the rank text: every space-separated field after a line's first two. */
function countRankTextTokens(text: string): number {
  let tokens = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let spaces = 0;
    for (let space = text.indexOf(' ', lineStart); space >= 0 && space < lineEnd; ) {
      spaces++;
      space = text.indexOf(' ', space + 1);
    }
    // "<label> <rank> t1 t2 … tn" has n + 1 spaces.
    if (spaces > 1) tokens += spaces - 1;
    lineStart = lineEnd + 1;
  }
  return tokens;
}

/** The arrays of a table; the binary form is these, in this order, after the header. */
interface TableArrays {
  size: number;
  maxLength: number;
  /** Rank of each slot, -1 where the slot is empty. */
  slotRank: Int32Array;
  /** Finished hash of each slot's token. */
  slotHash: Int32Array;
  /** Where each slot's token starts in `bytes`. */
  slotStart: Int32Array;
  twoByteRanks: Int32Array;
  slotLength: Uint8Array;
  bytes: Uint8Array;
}

/**
 * The merge ranks of one encoding, keyed by a token's bytes. Reads like a `ReadonlyMap<string, number>`
 * for whole keys (`get`, `has`, `size`); {@link rankOf} looks up a slice of a string in place.
 */
export class ByteRankTable {
  /** Number of tokens. */
  readonly size: number;
  /** Rank of every two-byte token at index `(first << 8) | second`, -1 where the pair is none. */
  readonly twoByteRanks: Int32Array;
  readonly #maxLength: number;
  readonly #mask: number;
  readonly #slotRank: Int32Array;
  readonly #slotHash: Int32Array;
  readonly #slotStart: Int32Array;
  readonly #slotLength: Uint8Array;
  readonly #bytes: Uint8Array;

  private constructor(arrays: TableArrays) {
    this.size = arrays.size;
    this.twoByteRanks = arrays.twoByteRanks;
    this.#maxLength = arrays.maxLength;
    this.#mask = arrays.slotRank.length - 1;
    this.#slotRank = arrays.slotRank;
    this.#slotHash = arrays.slotHash;
    this.#slotStart = arrays.slotStart;
    this.#slotLength = arrays.slotLength;
    this.#bytes = arrays.bytes;
  }

  /** Builds the table from js-tiktoken's compact rank text ("<label> <first rank> <base64 token> …" per line). */
  static fromRankText(text: string): ByteRankTable {
    const size = countRankTextTokens(text);
    const capacity = slotCapacity(size);
    const slotRank = new Int32Array(capacity).fill(NO_RANK);
    const slotHash = new Int32Array(capacity);
    const slotStart = new Int32Array(capacity);
    const slotLength = new Uint8Array(capacity);
    const twoByteRanks = new Int32Array(TWO_BYTE_PAIRS).fill(NO_RANK);
    // Base64 makes 3 bytes of every 4 characters; the labels and separators make this generous.
    const bytes = new Uint8Array(Math.ceil((text.length * 3) / 4));
    const mask = capacity - 1;
    let byteCount = 0;
    let maxLength = 0;
    let added = 0;
    let nextRank = NO_RANK;
    // One pass over the text, decoding and hashing each token as it goes.
    for (let position = 0; position < text.length; position++) {
      if (nextRank === NO_RANK) {
        [position, nextRank] = readLineStart(text, position);
        if (nextRank === NO_RANK) continue;
      }
      const start = byteCount;
      let hash = FNV_OFFSET;
      let bits = 0;
      let bitCount = 0;
      let code = 0;
      for (; position < text.length; position++) {
        code = text.charCodeAt(position);
        if (code === SPACE || code === NEWLINE) break;
        if (code === PADDING) continue;
        const value = code < 128 ? (BASE64_VALUES[code] as number) : -1;
        if (value < 0) throw new SyntaxError(`not base64 at ${position} of the rank text`);
        bits = ((bits << 6) | value) & 0xffffff;
        bitCount += 6;
        if (bitCount >= 8) {
          bitCount -= 8;
          const byte = (bits >>> bitCount) & 0xff;
          bytes[byteCount++] = byte;
          hash = Math.imul(hash ^ byte, FNV_PRIME);
        }
      }
      const length = byteCount - start;
      if (added >= size || length === 0 || length > MAX_TOKEN_BYTES) {
        throw new RangeError(`token ${added + 1} of the rank text has ${length} bytes`);
      }
      hash = finishHash(hash);
      let slot = hash & mask;
      while (slotRank[slot] !== NO_RANK) slot = (slot + 1) & mask;
      slotRank[slot] = nextRank;
      slotHash[slot] = hash;
      slotStart[slot] = start;
      slotLength[slot] = length;
      if (length > maxLength) maxLength = length;
      if (length === 2)
        twoByteRanks[((bytes[start] as number) << 8) | (bytes[start + 1] as number)] = nextRank;
      added++;
      nextRank = code === NEWLINE ? NO_RANK : nextRank + 1;
    }
    if (added !== size) throw new RangeError(`the rank text has ${added} tokens, not ${size}`);
    return new ByteRankTable({
      size,
      maxLength,
      slotRank,
      slotHash,
      slotStart,
      twoByteRanks,
      slotLength,
      bytes: bytes.slice(0, byteCount),
    });
  }

  /**
   * The table whose binary form is `binary` ({@link toBinary}), without copying it when it is 4-byte
   * aligned. Throws a RangeError when it is not such a table (or was written on a machine of the other
   * byte order).
   */
  static fromBinary(binary: Uint8Array): ByteRankTable {
    const aligned = binary.byteOffset % 4 === 0 ? binary : binary.slice();
    const headerBytes = HEADER_WORDS * 4;
    if (aligned.byteLength < headerBytes) throw new RangeError('not a rank table: too short');
    const header = new Uint32Array(aligned.buffer, aligned.byteOffset, HEADER_WORDS);
    const word = (index: number) => header[index] as number;
    if (word(0) !== BINARY_MAGIC || word(1) !== BINARY_VERSION || word(2) !== BYTE_ORDER_MARK) {
      throw new RangeError('not a rank table of this format and byte order');
    }
    const [size, slotCount, maxLength, byteCount] = [word(3), word(4), word(5), word(6)];
    const expectedBytes = headerBytes + slotCount * 13 + TWO_BYTE_PAIRS * 4 + byteCount;
    if (slotCount !== slotCapacity(size) || aligned.byteLength !== expectedBytes) {
      throw new RangeError(`not a rank table: ${aligned.byteLength} bytes for ${size} tokens`);
    }
    let offset = aligned.byteOffset + headerBytes;
    const int32s = (length: number) => {
      const array = new Int32Array(aligned.buffer, offset, length);
      offset += length * 4;
      return array;
    };
    const uint8s = (length: number) => {
      const array = new Uint8Array(aligned.buffer, offset, length);
      offset += length;
      return array;
    };
    return new ByteRankTable({
      size,
      maxLength,
      slotRank: int32s(slotCount),
      slotHash: int32s(slotCount),
      slotStart: int32s(slotCount),
      twoByteRanks: int32s(TWO_BYTE_PAIRS),
      slotLength: uint8s(slotCount),
      bytes: uint8s(byteCount),
    });
  }

  /** The table's binary form, which {@link fromBinary} takes as it is on a machine of the same byte order. */
  toBinary(): Uint8Array {
    const slotCount = this.#slotRank.length;
    const header = Uint32Array.of(
      BINARY_MAGIC,
      BINARY_VERSION,
      BYTE_ORDER_MARK,
      this.size,
      slotCount,
      this.#maxLength,
      this.#bytes.length,
    );
    const parts = [
      header,
      this.#slotRank,
      this.#slotHash,
      this.#slotStart,
      this.twoByteRanks,
      this.#slotLength,
      this.#bytes,
    ];
    const binary = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
    let offset = 0;
    for (const part of parts) {
      binary.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
      offset += part.byteLength;
    }
    return binary;
  }

  /** Rank of `text[start, end)` (binary: one char per byte) as one token, or -1 when it is none. */
  rankOf(text: BinaryString, start: number, end: number): number {
    const length = end - start;
    if (length > this.#maxLength || length <= 0) return NO_RANK;
    let hash = FNV_OFFSET;
    for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
    hash = finishHash(hash);
    const bytes = this.#bytes;
    for (let slot = hash & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const rank = this.#slotRank[slot] as number;
      if (rank === NO_RANK) return NO_RANK;
      if (this.#slotHash[slot] !== hash || this.#slotLength[slot] !== length) continue;
      let offset = this.#slotStart[slot] as number;
      let index = start;
      while (index < end && bytes[offset] === text.charCodeAt(index)) {
        index++;
        offset++;
      }
      if (index === end) return rank;
    }
  }

  get(key: BinaryString): number | undefined {
    const rank = this.rankOf(key, 0, key.length);
    return rank === NO_RANK ? undefined : rank;
  }

  has(key: BinaryString): boolean {
    return this.rankOf(key, 0, key.length) !== NO_RANK;
  }
}

/**
 * Reads "<label> <first rank> " at the start of the line at `position`; returns where its first token
 * starts and that token's rank. A blank line has none: it returns its end and -1.
 */
function readLineStart(text: string, position: number): [position: number, firstRank: number] {
  if (text.charCodeAt(position) === NEWLINE) return [position, NO_RANK];
  const labelEnd = text.indexOf(' ', position);
  const rankEnd = labelEnd < 0 ? -1 : text.indexOf(' ', labelEnd + 1);
  const lineEnd = text.indexOf('\n', position);
  if (rankEnd < 0 || (lineEnd >= 0 && rankEnd > lineEnd)) {
    throw new SyntaxError(`no tokens on the rank line at ${position}`);
  }
  return [rankEnd + 1, Number.parseInt(text.slice(labelEnd + 1, rankEnd), 10)];
}

/** Parses js-tiktoken's compact rank format. */
export function parseBytePairRanks(bpeRanks: string): ByteRankTable {
  return ByteRankTable.fromRankText(bpeRanks);
}
